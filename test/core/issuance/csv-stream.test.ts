import { describe, expect, it } from 'vitest';
import { createCsvStream } from '../../../src/core/issuance/csv-stream.ts';
import { parseCsvRecords } from '../../../src/core/csv.ts';

function parseInChunks(text: string, size: number) {
  const p = createCsvStream();
  const out = [];
  for (let i = 0; i < text.length; i += size) out.push(...p.push(text.slice(i, i + size)));
  out.push(...p.end());
  return out;
}

describe('streaming CSV', () => {
  const text = '\ufeffemail,name,achievement_id\r\n"a@x.org","Doe, ""Jo""",A1\r\nb@x.org,"multi\nline",A2\n\nc@x.org,,A3';

  it('gives the same records whatever the chunk size, with their starting line', () => {
    const whole = parseInChunks(text, text.length);
    expect(whole.map((r) => r.cells)).toEqual([
      ['email', 'name', 'achievement_id'], ['a@x.org', 'Doe, "Jo"', 'A1'], ['b@x.org', 'multi\nline', 'A2'], ['c@x.org', '', 'A3'],
    ]);
    expect(whole.map((r) => r.line)).toEqual([1, 2, 3, 6]);
    for (const size of [1, 2, 3, 5, 7, 13]) expect(parseInChunks(text, size)).toEqual(whole);
  });

  it('agrees with the whole-file reader', () => {
    const rows = Array.from({ length: 50 }, (_, i) => `u${i}@x.org,"N ""${i}"", jr",A${i % 3}`).join('\n');
    expect(parseInChunks(`email,name,achievement_id\n${rows}\n`, 17).map((r) => r.cells)).toEqual(parseCsvRecords(`email,name,achievement_id\n${rows}\n`));
  });

  it('refuses unterminated quotes, huge cells and too many cells', () => {
    expect(() => parseInChunks('a,"b\n', 3)).toThrow(/never closed/);
    expect(() => parseInChunks(`a,${'x'.repeat(3000)}\n`, 100)).toThrow(/longer than/);
    expect(() => parseInChunks(`${Array.from({ length: 60 }, () => 'x').join(',')}\n`, 100)).toThrow(/more than 50 cells/);
  });
});
