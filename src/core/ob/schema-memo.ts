/**
 * Memo of credential shapes that passed the full OB 3.0 JSON Schema. Issuance builds thousands of credentials
 * that differ only in values our builders generate and check themselves (id, dates, salted identity hash, status
 * slot, credits); once one credential of a shape passed Ajv, the next of the same shape only needs this cheap
 * structural comparison. Anything caller-supplied and free-form (results, evidence, endorsements) always gets the
 * full schema run.
 *
 * The memo also remembers, by object identity, the built form of the parts every credential of a run repeats (the
 * issuer Profile, the micro-credential's Achievement), so they are checked and copied once rather than per
 * credential. Contract of a caller passing a memo: an input object given once is never mutated afterwards. The memo
 * freezes an input it reuses (and the built part it then shares between credentials) so that a breach throws a
 * TypeError in strict-mode code instead of silently reusing a stale part.
 */

/** Members whose values are generated and checked by the builders: compared by shape, not by value. */
const GENERATED = new Set([
  'id', 'validFrom', 'validUntil', 'identityHash', 'salt', 'activityStartDate', 'activityEndDate',
  'statusListIndex', 'statusListCredential', 'statusReference',
]);
/** Members with caller-supplied free-form content: a credential carrying one is never memoised. */
const FREE_FORM = ['result', 'evidence', 'endorsement', 'endorsementJwt'];

/** A string's shape: each run of ASCII letters/digits collapsed to `x` ("urn:uuid:…" → "x:x:x-x-x-x-x"). */
export function shapeOf(s: string): string {
  let out = '';
  let inRun = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (!alnum) out += s[i];
    else if (!inRun) out += 'x';
    inRun = alnum;
  }
  return out;
}

/** The replacer the shape key applies to every member (what JSON.stringify would be given). */
function shapeValue(key: string, v: unknown): unknown {
  if (key === 'creditsEarned') return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? 'credits' : v;
  return typeof v === 'string' && GENERATED.has(key) ? shapeOf(v) : v;
}

/** JSON text of a string: most need no escaping, and quoting them directly beats a JSON.stringify call. */
function quote(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // What JSON.stringify escapes: control characters, `"`, `\`, and (lone) surrogates.
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(s);
  }
  return '"' + s + '"';
}

/** `,"name":` for a member name; credentials use a small vocabulary of names, so the text is kept. */
const prefixes = new Map<string, string>();
function memberPrefix(k: string): string {
  let p = prefixes.get(k);
  if (p === undefined) {
    p = ',' + quote(k) + ':';
    if (prefixes.size < 1000) prefixes.set(k, p);
  }
  return p;
}

/** A member as JSON.stringify sees it once `toJSON` and the replacer have run. */
function prepared(key: string, v: unknown): unknown {
  if (typeof v === 'object' && v !== null && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
    return shapeValue(key, (v as { toJSON: (k: string) => unknown }).toJSON(key));
  }
  return shapeValue(key, v);
}

/** Deep Object.freeze of JSON data (each object once, so a cycle cannot loop). */
export function deepFreeze(v: unknown, seen = new WeakSet<object>()): void {
  if (typeof v !== 'object' || v === null || seen.has(v)) return;
  seen.add(v);
  Object.freeze(v);
  for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k], seen);
}

/** Part inputs remembered per kind (achievements or issuers in use at once by one service). */
const RECENT_PARTS = 16;

/** Which builder made a part: the same input object may be built as different classes. */
export type PartKind = 'achievement' | 'profile';

/** Remembers shapes that passed the schema (bounded: forgets everything when full), and built parts by identity. */
export class SchemaPassMemo {
  private readonly keys = new Set<string>();
  /** Recently seen part inputs per kind, round-robin (see `part`); a few slots, as a run issues few achievements. */
  private readonly recent: Record<PartKind, { input: object; out?: object }[]> = { achievement: [], profile: [] };
  private readonly next: Record<PartKind, number> = { achievement: 0, profile: 0 };
  /**
   * Built parts → the token standing for their shape JSON in keys (null until a key first meets a frozen part; an
   * unfrozen one, handed out once, stays null and its text is looked up again each time, as its holder may change it).
   * Tokens (`#<n>`) are interned by text, so equal parts give equal keys, and come from a counter that never repeats,
   * so one token never stands for two texts. A value position in JSON never starts with `#`: keys stay unambiguous.
   * Keys stay short (the Set hashes a few hundred characters, not the whole achievement text).
   */
  private readonly partShapes = new WeakMap<object, string | null>();
  private readonly tokens = new Map<string, string>();
  private nextToken = 0;
  constructor(private readonly max = 1000) {}

  /**
   * The built form of `input`, by identity: the first time this input object is seen, `build(input)` as is; from the
   * second time on, one built result, deep-frozen with its input and shared by the credentials that hold it.
   * Waiting for a second sighting keeps a caller that reads a fresh input object per credential (single issues)
   * from paying for freezing and remembering objects it never reuses. A build that throws is not remembered (the
   * next call throws again, naming the same field).
   */
  part<I extends object, O extends object>(kind: PartKind, input: I, build: (input: I) => O): O {
    const slots = this.recent[kind];
    const slot = slots.find((e) => e.input === input);
    if (slot?.out) return slot.out as O;
    const out = build(input);
    // Written as a token in keys from the start, so the first credential of a part has the key of the later ones.
    this.partShapes.set(out, null);
    if (!slot) {
      slots[this.next[kind]] = { input };
      this.next[kind] = (this.next[kind] + 1) % RECENT_PARTS;
      return out;
    }
    deepFreeze(input);
    deepFreeze(out);
    slot.out = out;
    return out;
  }

  /**
   * The shape key of a credential, or undefined when it carries free-form members (never memoised). Credentials
   * built through this memo with equal shapes get equal keys; a built part is written as its token, so a credential
   * holding an equal plain copy of a part gets another key (a memo miss, never a false hit).
   */
  keyOf(credential: Record<string, unknown>): string | undefined {
    const subject = credential.credentialSubject as Record<string, unknown> | undefined;
    if (FREE_FORM.some((k) => k in credential || (subject !== undefined && k in subject))) return undefined;
    const out: string[] = [];
    this.write(prepared('', credential), out);
    // One join gives a flat string: a rope of hundreds of `+=` pieces costs more to flatten when the Set hashes it.
    return out.join('');
  }

  /**
   * Appends `JSON.stringify(value, shapeValue)` of a value already passed through `prepared`, except that a frozen
   * built part is written as its token (an object's text does not depend on the member name it sits under, so a
   * part's text is computed once). Written out for the small per-credential rest, where it beats the replacer path.
   */
  private write(v: unknown, out: string[]): void {
    switch (typeof v) {
      case 'string': out.push(quote(v)); return;
      case 'number': out.push(Number.isFinite(v) ? String(v) : 'null'); return;
      case 'boolean': out.push(v ? 'true' : 'false'); return;
      case 'bigint': JSON.stringify(v); return; // throws, as JSON.stringify does
      case 'object': break;
      default: out.push('null'); return; // only reached in arrays: object members that JSON omits are skipped
    }
    if (v === null) { out.push('null'); return; }
    const token = this.partShapes.get(v);
    if (token) {
      out.push(token);
    } else if (token === null) {
      // A part's text once: JSON.stringify with the replacer is the reference, and faster than this walk on big trees.
      const tokenOfPart = this.tokenOf(JSON.stringify(v, shapeValue));
      if (Object.isFrozen(v)) this.partShapes.set(v, tokenOfPart);
      out.push(tokenOfPart);
    } else if (Array.isArray(v)) {
      out.push('[');
      for (let i = 0; i < v.length; i++) {
        if (i) out.push(',');
        this.write(prepared(String(i), v[i]), out);
      }
      out.push(']');
    } else if (Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null) {
      // Boxed primitives and class instances: left to JSON.stringify itself (never in built credentials).
      out.push(JSON.stringify(v, shapeValue));
    } else {
      out.push('{');
      let first = true;
      for (const k of Object.keys(v)) {
        const member = prepared(k, (v as Record<string, unknown>)[k]);
        if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
        out.push(first ? memberPrefix(k).slice(1) : memberPrefix(k));
        this.write(member, out);
        first = false;
      }
      out.push('}');
    }
  }

  /** The token of a part's text (interned: equal texts share one token). */
  private tokenOf(text: string): string {
    let token = this.tokens.get(text);
    if (token === undefined) {
      if (this.tokens.size >= this.max) this.tokens.clear();
      token = `#${this.nextToken++}`;
      this.tokens.set(text, token);
    }
    return token;
  }

  /** True when a credential with this key already passed the full schema. */
  has(key: string): boolean {
    return this.keys.has(key);
  }

  /** Records a key that passed the full schema. */
  add(key: string): void {
    if (this.keys.size >= this.max) this.keys.clear();
    this.keys.add(key);
  }

  /** Number of remembered shapes. */
  get size(): number {
    return this.keys.size;
  }
}
