/**
 * A small RFC 4180 CSV reader: quoted fields, doubled quotes, CRLF or LF line ends, a UTF-8 BOM.
 * Rows carry their spreadsheet row number (the header is row 1) so errors can point at them.
 */
import { AppError } from './errors.ts';

export interface CsvRow {
  /** Spreadsheet row number: the header is row 1, the first data row is row 2. */
  row: number;
  /** Cells keyed by (trimmed, lower-cased) header name. */
  values: Record<string, string>;
  /** How many more cells the row has than the header (0 when it fits). */
  extraCells: number;
}

export interface CsvTable {
  header: string[];
  rows: CsvRow[];
}

/** Splits CSV text into records of raw cells; throws csv_invalid on an unterminated quote. */
export function parseCsvRecords(text: string): string[][] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  let line = 1;
  let quoteStartLine = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') { cell += '"'; i += 2; continue; }
        quoted = false; i++; continue;
      }
      if (ch === '\n') line++;
      cell += ch; i++; continue;
    }
    if (ch === '"' && cell === '') { quoted = true; quoteStartLine = line; i++; continue; }
    if (ch === ',') { record.push(cell); cell = ''; i++; continue; }
    if (ch === '\r' || ch === '\n') {
      record.push(cell); records.push(record); record = []; cell = '';
      i += ch === '\r' && src[i + 1] === '\n' ? 2 : 1;
      line++;
      continue;
    }
    cell += ch; i++;
  }
  if (quoted) {
    throw new AppError('csv_invalid', `Row ${quoteStartLine}: a quoted field is never closed (missing ").`, {
      issues: [{ field: `row ${quoteStartLine}`, message: 'A quoted field is never closed (missing ").' }],
    });
  }
  if (cell !== '' || record.length > 0) { record.push(cell); records.push(record); }
  // Blank lines carry no data.
  return records.filter((r) => !(r.length === 1 && r[0]!.trim() === ''));
}

/**
 * Parses CSV text with a header row into rows keyed by header name.
 * @example parseCsv('code,name\nA1,Reading\n').rows[0] // { row: 2, values: { code: 'A1', name: 'Reading' } }
 */
export function parseCsv(text: string): CsvTable {
  const records = parseCsvRecords(text);
  const first = records[0];
  if (!first) {
    throw new AppError('csv_invalid', 'The CSV file is empty: it needs a header row and at least one data row.', {
      issues: [{ field: 'row 1', message: 'The file is empty.' }],
    });
  }
  const header = first.map((h) => h.trim().toLowerCase());
  const rows = records.slice(1).map((cells, idx) => {
    const values: Record<string, string> = {};
    header.forEach((h, c) => { values[h] = (cells[c] ?? '').trim(); });
    return { row: idx + 2, values, extraCells: Math.max(0, cells.length - header.length) };
  });
  return { header, rows };
}
