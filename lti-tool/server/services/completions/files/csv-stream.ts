import { isUtf8 } from 'node:buffer';
import { MAX_CSV_ERRORS } from '../../../../../shared/domain';
import { byteSource, pieces, type SheetBytes } from './byte-source';

// A completion CSV read in pieces: the bytes are decoded a few megabytes at a time and cut into records as they
// come, so an import never holds the file as one string nor all of its rows. Same rules as shared/domain's parseCsv
// (RFC 4180, BOM, CRLF/LF/CR, blank lines skipped but numbered, stray quotes kept and reported once per field),
// with a fast path for the common record that holds no quote (split on commas).

export interface CsvRow {
  /** The spreadsheet row: the header is row 1, blank lines count. */
  row: number;
  fields: string[];
}

export interface CsvProblem {
  row: number;
  kind: 'stray-quote' | 'unterminated-quote';
}

/** Bytes read from the file at a time. */
export const READ_CHUNK = 4 << 20;

/** Is the whole source UTF-8? (A buffer is checked at once; a file on disk a piece at a time.) */
function isUtf8Source(input: SheetBytes): boolean {
  if (input instanceof Uint8Array) return isUtf8(input);
  const check = new TextDecoder('utf-8', { fatal: true });
  try {
    for (const piece of pieces(input, READ_CHUNK)) check.decode(piece, { stream: true });
    check.decode();
    return true;
  } catch {
    return false;
  }
}

/** The text of the file, a piece at a time: UTF-8 (BOM dropped), else GB18030 (a Chinese Excel's "CSV"). */
export function* decodeChunks(input: SheetBytes): Generator<string> {
  const decoder = new TextDecoder(isUtf8Source(input) ? 'utf-8' : 'gb18030', { ignoreBOM: false });
  for (const piece of pieces(byteSource(input), READ_CHUNK)) {
    const text = decoder.decode(piece, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/**
 * Cuts decoded text into records. `push` each piece in order, then `end()`; records come out through `onRow`.
 * Problems are listed up to MAX_CSV_ERRORS and counted past it.
 */
export class CsvCutter {
  readonly problems: CsvProblem[] = [];
  problemsOmitted = 0;
  private tail = '';
  private row = 1;
  private started = false;

  constructor(private readonly onRow: (row: CsvRow) => void) {}

  push(piece: string): void {
    this.cut(this.tail + piece, false);
  }

  end(): void {
    this.cut(this.tail, true);
    this.tail = '';
  }

  private problem(row: number, kind: CsvProblem['kind']) {
    if (this.problems.length < MAX_CSV_ERRORS) this.problems.push({ row, kind });
    else this.problemsOmitted += 1;
  }

  private cut(input: string, final: boolean): void {
    let text = input;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let pos = 0;
    let nextNl = -2;
    let nextCr = -2;
    let nextQuote = -2;
    const n = text.length;
    while (pos < n) {
      if (nextNl !== -1 && nextNl < pos) nextNl = text.indexOf('\n', pos);
      if (nextCr !== -1 && nextCr < pos) nextCr = text.indexOf('\r', pos);
      const end = nextNl === -1 ? nextCr : nextCr === -1 ? nextNl : Math.min(nextNl, nextCr);
      const lineEnd = end === -1 ? n : end;
      if (nextQuote !== -1 && nextQuote < pos) nextQuote = text.indexOf('"', pos);
      if (nextQuote === -1 || nextQuote > lineEnd) {
        // No quote before the line's end: the record is the line.
        if (end === -1 && !final) break;
        if (end !== -1 && text.charCodeAt(end) === 13 && end + 1 === n && !final) break; // a CR whose LF may follow
        if (lineEnd > pos) this.onRow({ row: this.row, fields: text.slice(pos, lineEnd).split(',') });
        this.row += 1;
        pos = end === -1 ? n : end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
        continue;
      }
      const next = this.quoted(text, pos, final);
      if (next < 0) break;
      pos = next;
    }
    this.tail = pos < n ? text.slice(pos) : '';
  }

  /** A record holding a quote, character by character from `start`; -1 when it runs past the text (not final). */
  private quoted(text: string, start: number, final: boolean): number {
    const fields: string[] = [];
    const problems: CsvProblem[] = [];
    let field = '';
    let inQuotes = false;
    let quoteStartRow = this.row;
    let wasQuoted = false;
    let strayReported = false;
    const stray = (ch: string) => {
      if (!strayReported) problems.push({ row: this.row, kind: 'stray-quote' });
      strayReported = true;
      field += ch;
    };
    const endField = () => {
      fields.push(field);
      field = '';
      wasQuoted = false;
      strayReported = false;
    };
    const n = text.length;
    let i = start;
    while (i < n) {
      const ch = text[i]!;
      if (inQuotes) {
        if (ch === '"') {
          if (i + 1 === n && !final) return -1; // `""` or a closing quote: the next piece decides
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          inQuotes = false;
        } else field += ch;
        i += 1;
        continue;
      }
      if (ch === ',') endField();
      else if (ch === '\r' || ch === '\n') {
        if (ch === '\r' && i + 1 === n && !final) return -1;
        endField();
        this.finish(fields, problems);
        return i + (ch === '\r' && text[i + 1] === '\n' ? 2 : 1);
      } else if (ch === '"') {
        if (field === '' && !wasQuoted) {
          inQuotes = true;
          wasQuoted = true;
          quoteStartRow = this.row;
        } else stray(ch);
      } else if (wasQuoted) stray(ch);
      else field += ch;
      i += 1;
    }
    if (!final) return -1;
    if (inQuotes) problems.push({ row: quoteStartRow, kind: 'unterminated-quote' });
    endField();
    this.finish(fields, problems);
    return n;
  }

  private finish(fields: string[], problems: CsvProblem[]) {
    for (const p of problems) this.problem(p.row, p.kind);
    if (!(fields.length === 1 && fields[0] === '')) this.onRow({ row: this.row, fields });
    this.row += 1;
  }
}

/** Every record of the file, in pieces of at most `size` (the header is the first record). */
export function* csvRecordBatches(
  bytes: SheetBytes,
  size: number,
  cutter?: (c: CsvCutter) => void,
  { skipHeader = false }: { skipHeader?: boolean } = {},
) {
  let batch: CsvRow[] = [];
  const ready: CsvRow[][] = [];
  let skip = skipHeader;
  const csv = new CsvCutter((row) => {
    // The header is not a data row: batches of data rows, as the spreadsheets' (`size` rows each).
    if (skip) {
      skip = false;
      return;
    }
    batch.push(row);
    if (batch.length >= size) {
      ready.push(batch);
      batch = [];
    }
  });
  cutter?.(csv);
  for (const piece of decodeChunks(bytes)) {
    csv.push(piece);
    while (ready.length) yield ready.shift()!;
  }
  csv.end();
  while (ready.length) yield ready.shift()!;
  if (batch.length) yield batch;
}
