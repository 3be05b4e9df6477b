/**
 * An incremental RFC 4180 CSV reader: feed it chunks as they arrive and it hands back complete records, so
 * a 100,000-row upload is processed in constant memory. Quoted fields, doubled quotes, CRLF or LF, a UTF-8 BOM.
 */
import { AppError } from '../errors.ts';

export interface CsvStreamLimits {
  /** Longest accepted cell, in characters. */
  maxCell: number;
  /** Most cells in one record. */
  maxCells: number;
}

export const DEFAULT_CSV_LIMITS: CsvStreamLimits = { maxCell: 2_000, maxCells: 50 };

/** A CSV record with the line it starts on (1-based, header = line 1 when the file has no multi-line cells). */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/**
 * Creates a streaming parser: `push(text)` returns the records completed by that text, `end()` the last one.
 * @example const p = createCsvStream(); p.push('a,b\n1,'); p.push('2\n'); p.end() // records [a,b] then [1,2]
 */
export function createCsvStream(limits: CsvStreamLimits = DEFAULT_CSV_LIMITS) {
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  let quoteClosed = false;
  let pendingCr = false;
  let line = 1;
  let recordLine = 1;
  let first = true;

  const tooLong = () => new AppError('csv_invalid', `Line ${recordLine}: a cell is longer than ${limits.maxCell} characters.`, {
    issues: [{ field: `row ${recordLine}`, message: `A cell is longer than ${limits.maxCell} characters.` }],
  });
  const pushCell = () => {
    if (record.length >= limits.maxCells) {
      throw new AppError('csv_invalid', `Line ${recordLine}: more than ${limits.maxCells} cells.`, {
        issues: [{ field: `row ${recordLine}`, message: `The row has more than ${limits.maxCells} cells.` }],
      });
    }
    record.push(cell);
    cell = '';
    quoteClosed = false;
  };
  const finishRecord = (out: CsvRecord[]) => {
    pushCell();
    if (!(record.length === 1 && record[0]!.trim() === '')) out.push({ line: recordLine, cells: record });
    record = [];
    recordLine = line;
  };

  return {
    push(text: string): CsvRecord[] {
      const out: CsvRecord[] = [];
      let i = 0;
      if (first) {
        first = false;
        if (text.charCodeAt(0) === 0xfeff) i = 1;
      }
      for (; i < text.length; i++) {
        const ch = text[i]!;
        if (pendingCr) {
          pendingCr = false;
          if (ch === '\n') continue;
        }
        if (quoted) {
          if (ch === '"') {
            if (text[i + 1] === '"') { cell += '"'; i++; continue; }
            quoted = false; quoteClosed = true; continue;
          }
          if (ch === '\n') line++;
          cell += ch;
          if (cell.length > limits.maxCell) throw tooLong();
          continue;
        }
        if (ch === '"' && quoteClosed) { cell += '"'; quoted = true; quoteClosed = false; continue; } // "" split across chunks
        if (ch === '"' && cell === '') { quoted = true; continue; }
        if (ch === ',') { pushCell(); continue; }
        if (ch === '\r' || ch === '\n') {
          line++;
          finishRecord(out);
          if (ch === '\r') pendingCr = true;
          continue;
        }
        cell += ch;
        quoteClosed = false;
        if (cell.length > limits.maxCell) throw tooLong();
      }
      return out;
    },
    end(): CsvRecord[] {
      if (quoted) {
        throw new AppError('csv_invalid', `Line ${recordLine}: a quoted field is never closed (missing ").`, {
          issues: [{ field: `row ${recordLine}`, message: 'A quoted field is never closed (missing ").' }],
        });
      }
      const out: CsvRecord[] = [];
      if (cell !== '' || record.length > 0) finishRecord(out);
      return out;
    },
  };
}
