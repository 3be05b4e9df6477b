import { describe, expect, it } from 'vitest';
import { secureRandom } from '../../src/services/security.ts';

describe('secureRandom (pooled CSPRNG bytes)', () => {
  it('hands out the requested lengths, never the same bytes twice, and copies that later draws do not change', () => {
    const first = secureRandom(16);
    const snapshot = Buffer.from(first).toString('hex');
    const seen = new Set<string>([snapshot]);
    // Far more than one pool: slices from refilled pools are still fresh.
    for (let i = 0; i < 2000; i++) {
      const b = secureRandom(1 + (i % 32));
      expect(b).toHaveLength(1 + (i % 32));
      if (b.length >= 8) {
        const hex = Buffer.from(b).toString('hex');
        expect(seen.has(hex)).toBe(false);
        seen.add(hex);
      }
    }
    expect(Buffer.from(first).toString('hex')).toBe(snapshot);
    expect(secureRandom(100_000)).toHaveLength(100_000);
  });

  it('is not all zeros', () => {
    expect(secureRandom(32).some((x) => x !== 0)).toBe(true);
  });
});
