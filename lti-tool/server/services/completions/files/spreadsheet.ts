import { unzipSync } from 'fflate';
import { CsvCutter, csvRecordBatches, decodeChunks } from './csv-stream';
import { readOdsContent } from './ods';
import { readXlsxGrid } from './xlsx';

/**
 * The first sheet of a CSV, XLSX or ODS file as rows of text cells. `row` is the spreadsheet row (header = 1).
 * Moodle's exports are read as they are: UTF-8 with or without a BOM, OOXML with inline or shared strings and
 * omitted empty cells (OpenSpout, PhpSpreadsheet; read with exceljs), ODF with repeated cells (Moodle's own writer;
 * content.xml read with saxes). Bytes are limited by the caller (10 MB upload), rows here (MAX_SHEET_ROWS).
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
}

export class UnreadableFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableFileError';
  }
}

/** Limits that keep a hostile archive from blowing up memory (zip bombs). */
export const MAX_UNZIPPED_BYTES = 200 * 1024 * 1024;
/** Data rows one file may hold (a 10 MB Moodle report is ~100,000); more is a file problem, nothing is imported. */
export const MAX_SHEET_ROWS = 200_000;

/**
 * A sheet whose data rows are read in batches (`batches`): a CSV is decoded and cut as it is read, never held as
 * one string or all of its rows; an XLSX/ODS grid is read whole (bounded by the byte limits) and handed out in
 * slices. `rows` is the number of data rows; over MAX_SHEET_ROWS the sheet is refused (`tooManyRows`).
 */
export interface SheetSource {
  format: Sheet['format'];
  header: string[];
  rows: number;
  problems: string[];
  tooManyRows?: true;
  batches(size: number): Iterable<SheetRow[]>;
}

export async function openSheet(bytes: Uint8Array, fileName = '', maxRows = MAX_SHEET_ROWS): Promise<SheetSource> {
  const kind = detectKind(bytes, fileName);
  if (kind === 'csv') return openCsvSheet(bytes, maxRows);
  const sheet = await readZipSheet(bytes);
  const { rows, ...rest } = sheet;
  return {
    ...rest,
    rows: rows.length,
    *batches(size) {
      for (let at = 0; at < rows.length; at += size) yield rows.slice(at, at + size);
    },
  };
}

/** The whole first sheet at once (layout tests, small files): the batches of `openSheet` joined. */
export async function readSheet(bytes: Uint8Array, fileName = ''): Promise<Sheet> {
  const source = await openSheet(bytes, fileName);
  const rows = source.tooManyRows ? [] : [...source.batches(10_000)].flat();
  const { batches: _batches, rows: _count, ...rest } = source;
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
function openCsvSheet(bytes: Uint8Array, maxRows: number): SheetSource {
  if (bytes.includes(0)) throw new UnreadableFileError('binary data in a CSV file');
  let total = 0;
  let head: string[] | undefined;
  const counter = new CsvCutter((record) => {
    if (total++ === 0) head = record.fields;
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
    problems,
    ...(tooMany ? { tooManyRows: true as const } : {}),
    *batches(size) {
      let first = true;
      for (const records of csvRecordBatches(bytes, size)) {
        const rows: SheetRow[] = [];
        for (let i = first ? 1 : 0; i < records.length; i++) {
          const { row, fields } = records[i]!;
          for (let f = 0; f < fields.length; f++) if (fields[f]!.charCodeAt(0) === 39) fields[f] = unguard(fields[f]!);
          rows.push({ row, cells: fields });
        }
        first = false;
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

/**
 * Zip entries by name (only those `wanted`), refusing archives whose entries add up past MAX_UNZIPPED_BYTES before
 * anything is inflated (zip bombs).
 */
function unzipEntries(bytes: Uint8Array, wanted: (name: string) => boolean): Record<string, Uint8Array> {
  let total = 0;
  try {
    return unzipSync(bytes, {
      filter: (file) => {
        total += file.originalSize;
        if (total > MAX_UNZIPPED_BYTES) throw new UnreadableFileError('archive expands beyond the size limit');
        return wanted(file.name);
      },
    });
  } catch (err) {
    if (err instanceof UnreadableFileError) throw err;
    throw new UnreadableFileError('damaged zip archive');
  }
}

async function readZipSheet(bytes: Uint8Array): Promise<Sheet> {
  const files = unzipEntries(bytes, (name) => name === 'content.xml' || name === 'xl/workbook.xml');
  if (files['content.xml']) {
    const { grid, tooManyRows } = readOdsContent(new TextDecoder().decode(files['content.xml']), MAX_SHEET_ROWS + 1);
    return toSheet('ods', grid, tooManyRows);
  }
  if (files['xl/workbook.xml']) {
    let read;
    try {
      read = await readXlsxGrid(bytes, MAX_SHEET_ROWS + 1);
    } catch {
      throw new UnreadableFileError('the workbook has no readable first sheet');
    }
    return toSheet('xlsx', read.grid, read.tooManyRows);
  }
  throw new UnreadableFileError('neither an XLSX nor an ODS spreadsheet');
}

function toSheet(format: 'xlsx' | 'ods', grid: SheetRow[], tooManyRows: boolean): Sheet {
  const nonBlank = grid
    .map((r) => ({ row: r.row, cells: r.cells.map(unguard) }))
    .filter((r) => r.cells.some((c) => c.trim() !== ''));
  const [head, ...rows] = nonBlank;
  if (!tooManyRows) return { format, header: head?.cells ?? [], rows, problems: [] };
  return { format, header: head?.cells ?? [], rows, problems: [tooManyRowsProblem()], tooManyRows: true };
}

/** The row limit in words: the limit, what the file holds (when it was read to the end) and the fix. */
function tooManyRowsProblem(rows?: number): string {
  const held = rows === undefined ? `超过 ${MAX_SHEET_ROWS}` : String(rows);
  const heldEn = rows === undefined ? `more than ${MAX_SHEET_ROWS}` : String(rows);
  return (
    `行数超过上限：每个文件最多 ${MAX_SHEET_ROWS} 行数据，本文件有 ${held} 行，未导入任何数据；` +
    `请把文件拆分为每个不超过 ${MAX_SHEET_ROWS} 行的几个文件（保留表头）后分别导入 / ` +
    `too many rows: at most ${MAX_SHEET_ROWS} data rows per file, this file has ${heldEn}; nothing was imported — ` +
    `split the file into files of at most ${MAX_SHEET_ROWS} rows (each with the header row) and import each`
  );
}
