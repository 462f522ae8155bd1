import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { parseCsv } from '../../../../shared/domain';
import { ORG_IMPORT_MAX_BYTES, ORG_IMPORT_MAX_ROWS } from '../../../../shared/api/organisations';
import { DomainError } from '../errors';

/** One data row of the import file: its spreadsheet row number (header = 1) and its cells as trimmed text. */
export interface ImportRow {
  row: number;
  cells: string[];
}

export interface ImportSheet {
  format: 'csv' | 'xlsx';
  header: string[];
  rows: ImportRow[];
}

/** An XLSX may expand to at most this much: a hostile archive (zip bomb) is refused before it is parsed. */
const MAX_UNZIPPED_BYTES = 100 * 1024 * 1024;

const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/** Reads the first sheet of a CSV (UTF-8 or GB18030) or XLSX file (exceljs), within the byte and row limits. */
export async function readImportFile(bytes: Uint8Array, fileName: string): Promise<ImportSheet> {
  if (bytes.length === 0) throw new DomainError('org_import_unreadable', { field: 'file', reason: 'empty' });
  if (bytes.length > ORG_IMPORT_MAX_BYTES) {
    throw new DomainError('org_import_too_large', { field: 'file', limitBytes: ORG_IMPORT_MAX_BYTES });
  }
  const sheet = isZip(bytes) ? await readXlsx(bytes) : readCsv(bytes, fileName);
  const rows = sheet.rows.filter((r) => r.cells.some((c) => c !== ''));
  if (rows.length > ORG_IMPORT_MAX_ROWS) {
    throw new DomainError('org_import_too_many_rows', {
      field: 'file',
      limitRows: ORG_IMPORT_MAX_ROWS,
      rows: rows.length,
    });
  }
  return { ...sheet, rows };
}

function readCsv(bytes: Uint8Array, fileName: string): ImportSheet {
  if (/\.(xlsx|xls|ods)$/i.test(fileName) || bytes.includes(0)) {
    throw new DomainError('org_import_unreadable', { field: 'file', reason: 'not a CSV or XLSX file' });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // A CSV saved by a Chinese Excel is GB18030 more often than not.
    text = new TextDecoder('gb18030').decode(bytes);
  }
  const [head, ...rest] = parseCsv(text).records;
  return {
    format: 'csv',
    header: (head?.fields ?? []).map((c) => c.trim()),
    rows: rest.map((r) => ({ row: r.row, cells: r.fields.map(unguard) })),
  };
}

/** Spreadsheet writers prefix `'` to text starting with = + - @ against formula injection; undo it. */
const unguard = (value: string) => (/^'\s*[=+\-@]/.test(value) ? value.slice(1) : value).trim();

function checkArchiveSize(bytes: Uint8Array) {
  let total = 0;
  try {
    // The filter sees each entry's declared size and extracts nothing.
    unzipSync(bytes, {
      filter: (file) => {
        total += file.originalSize;
        return false;
      },
    });
  } catch {
    throw new DomainError('org_import_unreadable', { field: 'file', reason: 'damaged zip archive' });
  }
  if (total > MAX_UNZIPPED_BYTES) {
    throw new DomainError('org_import_unreadable', { field: 'file', reason: 'archive expands beyond 100 MB' });
  }
}

async function readXlsx(bytes: Uint8Array): Promise<ImportSheet> {
  checkArchiveSize(bytes);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    throw new DomainError('org_import_unreadable', { field: 'file', reason: 'not a readable XLSX workbook' });
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new DomainError('org_import_unreadable', { field: 'file', reason: 'the workbook has no sheet' });
  const rows: ImportRow[] = [];
  let header: string[] | undefined;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(unguard(row.getCell(c).text ?? ''));
    // The first row with content is the header, wherever it sits.
    if (header === undefined) header = cells;
    else rows.push({ row: rowNumber, cells });
  });
  return { format: 'xlsx', header: header ?? [], rows };
}
