import ExcelJS from 'exceljs';
import type { SheetRow } from './spreadsheet';

/** A cell as the text Moodle wrote (a date cell as `YYYY-MM-DD HH:MM:SS`, its wall-clock time, no zone). */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) {
    // Excel dates carry no zone; exceljs gives the wall-clock time as UTC.
    return Number.isFinite(value.getTime()) ? value.toISOString().slice(0, 19).replace('T', ' ') : '';
  }
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('error' in value) return '';
  if ('formula' in value || 'sharedFormula' in value) {
    return cellText((value as { result?: ExcelJS.CellValue }).result ?? null);
  }
  if ('text' in value) return typeof value.text === 'string' ? value.text : cellText(value.text as ExcelJS.CellValue);
  return '';
}

/**
 * The first worksheet of an XLSX file, read with exceljs. Cells are placed by their reference (exceljs indexes a
 * row's values by column number), so omitted empty cells shift nothing. `maxRows` bounds the rows kept.
 */
export async function readXlsxGrid(
  bytes: Uint8Array,
  maxRows: number,
): Promise<{ grid: SheetRow[]; tooManyRows: boolean }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  const grid: SheetRow[] = [];
  let tooManyRows = false;
  sheet?.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (grid.length >= maxRows) {
      tooManyRows = true;
      return;
    }
    const cells: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      while (cells.length < col - 1) cells.push('');
      cells[col - 1] = cellText(cell.value);
    });
    grid.push({ row: rowNumber, cells });
  });
  return { grid, tooManyRows };
}
