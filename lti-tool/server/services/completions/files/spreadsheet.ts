import { byteSource, pieces, type ByteSource, type SheetBytes } from './byte-source';
import { CsvCutter, csvRecordBatches, decodeChunks, READ_CHUNK } from './csv-stream';
import { readOdsRows } from './ods';
import { UnreadableFileError } from './unreadable';
import { readXlsxRows, type RowSink } from './xlsx';
import { planXlsx } from './xlsx-parts';
import { zipEntries } from './zip-entries';

export { UnreadableFileError } from './unreadable';
export { MAX_UNZIPPED_BYTES } from './zip-entries';

/**
 * The first sheet of a CSV, XLSX or ODS file as rows of text cells. `row` is the spreadsheet row (header = 1).
 * Moodle's exports are read as they are: UTF-8 with or without a BOM, OOXML with inline or shared strings and
 * omitted empty cells (OpenSpout, PhpSpreadsheet), ODF with repeated cells (Moodle's own writer); the XML of both is
 * inflated and parsed as a stream (saxes). Bytes are limited by the caller (10 MB upload), rows here (MAX_SHEET_ROWS).
 */
export interface SheetRow {
  row: number;
  cells: string[];
}

export interface Sheet {
  format: 'csv' | 'xlsx' | 'ods';
  header: string[];
  rows: SheetRow[];
  /** Problems with the file itself (not with a row's content). */
  problems: string[];
  /** More data rows than MAX_SHEET_ROWS: nothing of the file is imported (the problem says how many). */
  tooManyRows?: true;
  /** The widest row of the whole file (header included), when `rows` is one batch of it. */
  width?: number;
}
/** Data rows one file may hold (a 10 MB Moodle report is ~100,000); more is a file problem, nothing is imported. */
export const MAX_SHEET_ROWS = 200_000;

/**
 * A sheet whose data rows are read in batches (`batches`), never held whole: a CSV is decoded and cut as it is
 * read; an XLSX/ODS sheet's XML is inflated and parsed a piece at a time. A first pass counts the data rows (`rows`;
 * over the limit the sheet is refused, `tooManyRows`), finds the header and the widest row (`width`: a column that
 * first holds data in a later batch is the same column in every batch); the batches read the file again.
 */
export interface SheetSource {
  format: Sheet['format'];
  header: string[];
  rows: number;
  width: number;
  problems: string[];
  tooManyRows?: true;
  batches(size: number): Iterable<SheetRow[]>;
}

/** `bytes`: an upload's buffer, or a file on disk read by range (byte-source.ts); neither is ever decoded whole. */
export async function openSheet(bytes: SheetBytes, fileName = '', maxRows = MAX_SHEET_ROWS): Promise<SheetSource> {
  const source = byteSource(bytes);
  const kind = detectKind(source.read(0, 4), fileName);
  if (kind === 'csv') return openCsvSheet(bytes, maxRows);
  return openZipSheet(source, maxRows);
}

/** The whole first sheet at once (layout tests, small files): the batches of `openSheet` joined. */
export async function readSheet(bytes: SheetBytes, fileName = ''): Promise<Sheet> {
  const source = await openSheet(bytes, fileName);
  const rows = source.tooManyRows ? [] : [...source.batches(10_000)].flat();
  const { batches: _batches, rows: _count, width: _width, ...rest } = source;
  return { ...rest, rows };
}

function detectKind(bytes: Uint8Array, fileName: string): 'zip' | 'csv' {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'zip';
  if (/\.(xlsx|ods)$/i.test(fileName)) throw new UnreadableFileError('not a zip archive (xlsx/ods)');
  return 'csv';
}

/** UTF-8 (BOM optional); files saved by a Chinese Excel are often GB18030, so that is tried when UTF-8 fails. */
export function decodeText(bytes: Uint8Array): string {
  return [...decodeChunks(bytes)].join('');
}

/**
 * A first pass over the CSV counts its records and finds its header and format problems (the row limit and a
 * broken file are known before any row is resolved); the batches then cut it again, a few megabytes at a time.
 */
function openCsvSheet(bytes: SheetBytes, maxRows: number): SheetSource {
  for (const piece of pieces(byteSource(bytes), READ_CHUNK)) {
    if (piece.includes(0)) throw new UnreadableFileError('binary data in a CSV file');
  }
  let total = 0;
  let width = 0;
  let head: string[] | undefined;
  const counter = new CsvCutter((record) => {
    if (total++ === 0) head = record.fields;
    if (record.fields.length > width) width = record.fields.length;
  });
  for (const piece of decodeChunks(bytes)) counter.push(piece);
  counter.end();
  const problems = counter.problems.map(({ row, kind }) =>
    kind === 'stray-quote'
      ? `row ${row}: Row ${row}: a quote appears inside an unquoted field`
      : `row ${row}: Unclosed quote (starting on row ${row})`,
  );
  if (counter.problemsOmitted) problems.push(moreParseErrors(counter.problemsOmitted));
  const dataRows = Math.max(0, total - 1);
  const tooMany = dataRows > maxRows;
  if (tooMany) problems.push(tooManyRowsProblem(dataRows));
  return {
    format: 'csv',
    header: (head ?? []).map(unguard),
    rows: dataRows,
    width,
    problems,
    ...(tooMany ? { tooManyRows: true as const } : {}),
    *batches(size) {
      for (const records of csvRecordBatches(bytes, size, undefined, { skipHeader: true })) {
        const rows: SheetRow[] = [];
        for (let i = 0; i < records.length; i++) {
          const { row, fields } = records[i]!;
          for (let f = 0; f < fields.length; f++) if (fields[f]!.charCodeAt(0) === 39) fields[f] = unguard(fields[f]!);
          rows.push({ row, cells: fields });
        }
        if (rows.length) yield rows;
      }
    },
  };
}

/** The parse errors past the listed ones, counted in one line (a hostile file must not yield one per field). */
export function moreParseErrors(omitted: number): string {
  return `另有 ${omitted} 处 CSV 格式错误未逐一列出 / ${omitted} more CSV format errors not listed`;
}

/** Moodle (and most writers) prefix `'` to text starting with = + - @ against formula injection; undo it. */
export function unguard(value: string): string {
  return /^'\s*[=+\-@]/.test(value) ? value.slice(1) : value;
}

/** An XLSX or ODS file: its first sheet's rows, read as a stream (twice: counted first, then in batches). */
function openZipSheet(bytes: ByteSource, maxRows: number): SheetSource {
  const entries = zipEntries(bytes);
  const content = entries.get('content.xml');
  const workbook = entries.get('xl/workbook.xml');
  let format: 'xlsx' | 'ods';
  let read: (onRow: RowSink) => Generator<void>;
  if (content) {
    format = 'ods';
    read = (onRow) => readOdsRows(bytes, content, onRow);
  } else if (workbook) {
    format = 'xlsx';
    const plan = planXlsx(bytes, entries, workbook);
    read = (onRow) => readXlsxRows(bytes, plan, onRow);
  } else throw new UnreadableFileError('neither an XLSX nor an ODS spreadsheet');

  // Blank rows are not rows; the first row that is not blank is the header, the rest are data.
  const blank = (cells: string[]) => !cells.some((c) => c.trim() !== '');
  let header: string[] | undefined;
  let rows = 0;
  let width = 0;
  for (const _ of read((_row, cells, repeat) => {
    if (blank(cells)) return;
    if (cells.length > width) width = cells.length;
    if (header === undefined) {
      header = cells.map(unguard);
      rows += repeat - 1;
    } else rows += repeat;
  }));
  const tooMany = rows > maxRows;
  return {
    format,
    header: header ?? [],
    rows,
    width,
    problems: tooMany ? [tooManyRowsProblem(rows)] : [],
    ...(tooMany ? { tooManyRows: true as const } : {}),
    *batches(size) {
      let pending: SheetRow[] = [];
      let headerSeen = false;
      for (const _ of read((row, cells, repeat) => {
        if (blank(cells)) return;
        const guarded = cells.map((c) => (c.charCodeAt(0) === 39 ? unguard(c) : c));
        // A repeated row's copies share their cells (the layouts only read them): one row in memory, not 10,000.
        for (let i = 0; i < repeat; i++) {
          if (headerSeen) pending.push({ row: row + i, cells: guarded });
          headerSeen = true;
        }
      })) {
        while (pending.length >= size) {
          yield pending.slice(0, size);
          pending = pending.slice(size);
        }
      }
      for (let at = 0; at < pending.length; at += size) yield pending.slice(at, at + size);
    },
  };
}

/** The row limit in words: the limit, what the file holds and the fix. */
function tooManyRowsProblem(rows: number): string {
  const held = String(rows);
  const heldEn = String(rows);
  return (
    `行数超过上限：每个文件最多 ${MAX_SHEET_ROWS} 行数据，本文件有 ${held} 行，未导入任何数据；` +
    `请把文件拆分为每个不超过 ${MAX_SHEET_ROWS} 行的几个文件（保留表头）后分别导入 / ` +
    `too many rows: at most ${MAX_SHEET_ROWS} data rows per file, this file has ${heldEn}; nothing was imported — ` +
    `split the file into files of at most ${MAX_SHEET_ROWS} rows (each with the header row) and import each`
  );
}
