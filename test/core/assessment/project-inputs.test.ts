import { describe, expect, it } from 'vitest';
import { parseRubricText, rubricToText } from '../../../src/core/assessment/rubric-text.ts';
import { checkSubmissionFile, displayFileName } from '../../../src/core/assessment/submission-files.ts';
import { AppError } from '../../../src/core/errors.ts';

const bytes = (...b: number[]) => new Uint8Array([...b, 1, 2, 3]);
const PDF = bytes(0x25, 0x50, 0x44, 0x46);
const PNG = bytes(0x89, 0x50, 0x4e, 0x47);

describe('checkSubmissionFile', () => {
  it.each([
    ['report.pdf', PDF, 'application/pdf'],
    ['Shot.PNG', PNG, 'image/png'],
    ['notes.md', new TextEncoder().encode('# Notes'), 'text/markdown'],
  ])('accepts %s', (name, b, type) => expect(checkSubmissionFile({ name, bytes: b }).type).toBe(type));

  it.each([
    ['virus.exe', PDF, 'file_type_not_allowed'],
    ['fake.pdf', PNG, 'file_type_not_allowed'], // signature does not match the extension
    ['page.html', new TextEncoder().encode('<script>'), 'file_type_not_allowed'],
    ['image.svg', new TextEncoder().encode('<svg/>'), 'file_type_not_allowed'],
    ['binary.txt', new Uint8Array([65, 0, 66]), 'file_type_not_allowed'],
    ['empty.pdf', new Uint8Array(), 'validation_failed'],
    ['big.pdf', new Uint8Array(10 * 1024 * 1024 + 1).fill(0x25), 'file_too_large'],
  ])('refuses %s', (name, b, code) => {
    try {
      checkSubmissionFile({ name, bytes: b }, 'files.0');
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).code).toBe(code);
      expect((e as AppError).field).toBe('files.0');
    }
  });

  it('keeps only a harmless display name', () => {
    expect(displayFileName('../../etc/passwd')).toBe('passwd');
    expect(displayFileName('C:\\Users\\me\\report.pdf')).toBe('report.pdf');
    expect(displayFileName('a"b<c>.pdf')).toBe('a_b_c_.pdf');
    expect(displayFileName('...')).toBe('file');
  });
});

describe('rubric text', () => {
  it('parses criteria, levels, points, required level and descriptions, and round-trips', () => {
    const text = 'Clarity | Poor=0 | Fair=1* | Good=2: clear and concise\nAccuracy | Low=0 | High=4*';
    const r = parseRubricText(text);
    expect(r.criteria.map((c) => [c.id, c.requiredLevelId, c.levels.map((l) => l.points)])).toEqual([
      ['clarity', 'fair', [0, 1, 2]],
      ['accuracy', 'high', [0, 4]],
    ]);
    expect(r.criteria[0]!.levels[2]!.description).toBe('clear and concise');
    expect(parseRubricText(rubricToText(r))).toEqual(r);
  });

  it.each([
    ['Clarity | Poor=0 | Good=2', 'mark the required level'],
    ['Clarity | Poor=0*', 'at least two levels'],
    ['Clarity | Poor | Good=2*', 'should look like'],
    ['Clarity | Poor=0* | Good=2*', 'only one level'],
    ['Clarity | Good=2 | Poor=0*', 'points may not decrease'],
    ['', 'at least one criterion'],
  ])('%j → %s', (text, message) => {
    expect(() => parseRubricText(text)).toThrowError(new RegExp(message));
  });
});
