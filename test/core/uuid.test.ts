import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/core/uuid.ts';

const random = (n: number) => new Uint8Array(randomBytes(n));

describe('uuidv7', () => {
  it('lays out the RFC 9562 test vector: timestamp, version 7, variant 10', () => {
    // RFC 9562 Appendix A.6: 2022-02-22 19:22:22 UTC = 0x017F22E279B0, random parts from the example.
    const rand = Uint8Array.from(Buffer.from('0cc3' + '98c4dc0c0c07398f', 'hex'));
    expect(uuidv7(0x017f22e279b0, () => rand)).toBe('017f22e2-79b0-7cc3-98c4-dc0c0c07398f');
  });

  it('sorts by time, keeps 74 random bits, and refuses times outside 48 bits', () => {
    const a = uuidv7(1_700_000_000_000, random);
    const b = uuidv7(1_700_000_000_001, random);
    expect(a < b).toBe(true);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidv7(1_700_000_000_000, random)).not.toBe(a);
    expect(() => uuidv7(-1, random)).toThrow(RangeError);
    expect(() => uuidv7(2 ** 48, random)).toThrow(RangeError);
  });
});
