/** Base58 (Bitcoin alphabet) and multibase `z` / `u` encoding. */

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) INDEX[ALPHABET.charCodeAt(i)] = i;

/** Encodes bytes as base58btc. */
export function base58btcEncode(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  const digits: number[] = [];
  for (let i = zeros; i < bytes.length; i++) {
    let carry = bytes[i]!;
    for (let j = 0; j < digits.length; j++) {
      carry += digits[j]! << 8;
      digits[j] = carry % 58;
      carry = (carry / 58) | 0;
    }
    while (carry > 0) {
      digits.push(carry % 58);
      carry = (carry / 58) | 0;
    }
  }
  let out = '1'.repeat(zeros);
  for (let i = digits.length - 1; i >= 0; i--) out += ALPHABET[digits[i]!];
  return out;
}

/** Decodes base58btc; throws on a character outside the alphabet. */
export function base58btcDecode(text: string): Uint8Array {
  let zeros = 0;
  while (zeros < text.length && text[zeros] === '1') zeros++;
  const bytes: number[] = [];
  for (let i = zeros; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? INDEX[c]! : -1;
    if (v < 0) throw new Error(`"${text[i]}" is not a base58btc character.`);
    let carry = v;
    for (let j = 0; j < bytes.length; j++) {
      carry += bytes[j]! * 58;
      bytes[j] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push(carry & 0xff);
      carry >>= 8;
    }
  }
  const out = new Uint8Array(zeros + bytes.length);
  for (let i = 0; i < bytes.length; i++) out[out.length - 1 - i] = bytes[i]!;
  return out;
}

/** Multibase base58btc: `z` + base58btc(bytes). */
export function multibaseEncode(bytes: Uint8Array, base: 'z' | 'u' = 'z'): string {
  return base === 'z' ? 'z' + base58btcEncode(bytes) : 'u' + Buffer.from(bytes).toString('base64url');
}

/** Decodes a multibase string (`z` base58btc or `u` base64url, no padding); throws on any other prefix. */
export function multibaseDecode(text: string): Uint8Array {
  if (typeof text !== 'string' || text.length < 1) throw new Error('A multibase value must be a non-empty string.');
  const prefix = text[0];
  if (prefix === 'z') return base58btcDecode(text.slice(1));
  if (prefix === 'u') {
    const body = text.slice(1);
    if (!/^[A-Za-z0-9_-]*$/.test(body)) throw new Error('Invalid base64url in multibase value.');
    return new Uint8Array(Buffer.from(body, 'base64url'));
  }
  throw new Error(`Unsupported multibase prefix "${prefix}" (expected "z" or "u").`);
}
