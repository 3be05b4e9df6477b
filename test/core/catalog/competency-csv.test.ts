import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/core/errors.ts';
import { parseCsv } from '../../../src/core/csv.ts';
import { planCompetencyImport, type CsvRowIssue, type ExistingCompetencyIndex } from '../../../src/core/catalog/competency-csv.ts';

const HEADER = 'framework,code,name,description,alignment_url,alignment_code,alignment_framework';

function rowIssues(fn: () => unknown): CsvRowIssue[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('csv_invalid');
    return (e as AppError).details!.rows as CsvRowIssue[];
  }
  throw new Error('expected csv_invalid');
}

describe('parseCsv', () => {
  it('reads quoted cells with commas, doubled quotes and newlines, CRLF and a BOM, numbering rows like a spreadsheet', () => {
    const t = parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n\r\n"multi\nline",z\n');
    expect(t.header).toEqual(['a', 'b']);
    expect(t.rows).toEqual([
      { row: 2, values: { a: 'x, y', b: 'say "hi"' }, extraCells: 0 },
      { row: 3, values: { a: 'multi\nline', b: 'z' }, extraCells: 0 },
    ]);
  });

  it('rejects an unterminated quote naming its row', () => {
    expect(() => parseCsv('a,b\n1,"open\n')).toThrow(/Row 2: a quoted field is never closed/);
  });
});

describe('planCompetencyImport', () => {
  it('plans frameworks and competencies; repeated rows add alignments to one competency', () => {
    const csv = [
      HEADER,
      'Data Skills,DS-1,Clean data,Remove errors,http://data.europa.eu/esco/skill/abc,abc,ESCO',
      'Data Skills,DS-1,Clean data,,https://www.onetonline.org/link/summary/15-2051.00,15-2051.00,O*NET',
      'data skills,DS-2,Visualise data,,,,',
      'Safety,S-1,First aid,,,,',
    ].join('\n');
    const plan = planCompetencyImport(csv, new Map());
    expect(plan.frameworks).toEqual([{ name: 'Data Skills', existingId: null }, { name: 'Safety', existingId: null }]);
    expect(plan.competencies).toHaveLength(3);
    const ds1 = plan.competencies[0]!;
    expect(ds1).toMatchObject({ frameworkName: 'Data Skills', code: 'DS-1', description: 'Remove errors', rows: [2, 3], existingId: null });
    expect(ds1.alignments.map((a) => [a.targetFramework, a.targetCode, a.targetName])).toEqual([['ESCO', 'abc', 'Clean data'], ['O*NET', '15-2051.00', 'Clean data']]);
    expect(plan.competencies[1]!.frameworkName).toBe('Data Skills');
  });

  it('updates existing codes and skips alignments they already have', () => {
    const existing: ExistingCompetencyIndex = new Map([['data skills', { id: 'fw1', name: 'Data Skills', codes: new Map([['DS-1', { id: 'c1', alignmentUrls: ['https://esco.example/1'] }]]) }]]);
    const plan = planCompetencyImport(`${HEADER}\nDATA SKILLS,DS-1,Clean data v2,,https://esco.example/1,1,ESCO\n`, existing);
    expect(plan.frameworks).toEqual([{ name: 'Data Skills', existingId: 'fw1' }]);
    expect(plan.competencies[0]).toMatchObject({ existingId: 'c1', name: 'Clean data v2', alignments: [] });
  });

  it('reports every bad row with its row number, column and message', () => {
    const csv = [
      HEADER,
      'Data,D1,Good row,,,,',
      ',D2,No framework,,,,',
      'Data,,No code,,,,',
      'Data,D4,,,,,',
      'Data,D5,Bad URL,,not-a-url,x,ESCO',
      'Data,D6,Code without URL,,,x,ESCO',
      'Data,D1,Good row renamed,,,,',
      'Data,D7,Extra,,,,,surplus',
    ].join('\n');
    const issues = rowIssues(() => planCompetencyImport(csv, new Map()));
    expect(issues.map((i) => [i.row, i.column])).toEqual([
      [3, 'framework'], [4, 'code'], [5, 'name'], [6, 'alignment_url'], [7, 'alignment_url'], [8, 'name'], [9, '(row)'],
    ]);
    expect(issues.find((i) => i.row === 6)!.message).toMatch(/alignment_url must be an http\(s\) URL/);
    expect(issues.find((i) => i.row === 8)!.message).toMatch(/already appears in row 2/);
  });

  it('rejects unknown and missing header columns on row 1, and an empty body', () => {
    expect(rowIssues(() => planCompetencyImport('framework,code,title\nA,B,C\n', new Map()))).toEqual([
      { row: 1, column: 'title', message: expect.stringMatching(/Unknown column "title"/) },
      { row: 1, column: 'name', message: 'The header lacks the required column "name".' },
    ]);
    expect(rowIssues(() => planCompetencyImport(`${HEADER}\n`, new Map()))[0]!.message).toMatch(/no data rows/);
    expect(rowIssues(() => planCompetencyImport('', new Map()))[0]!.row).toBe(1);
  });

  it('puts row and column into the error issues for the HTTP body', () => {
    expect.assertions(2);
    try {
      planCompetencyImport(`${HEADER}\nData,,x,,,,\n`, new Map());
    } catch (e) {
      expect((e as AppError).issues).toEqual([{ field: 'row 2: code', message: 'code is required.' }]);
      expect((e as AppError).message).toMatch(/errors in 1 row; nothing was imported. Row 2, code/);
    }
  });
});
