import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Cell, ReportTable } from './report-table';

const WIDTH = { text: 12, wide: 28, hours: 12, date: 12, count: 12, percent: 10 } as const;
const NUM_FMT: Partial<Record<ReportTable['kinds'][number], string>> = {
  hours: '0.00',
  count: '0',
  percent: '0.0%',
};

/**
 * Writes sheets with exceljs's streaming writer: rows are committed as they are added, so the workbook is never
 * whole in memory. Frozen header row, column widths, number formats; the first sheet is what Excel and WPS open on.
 */
export async function writeXlsx(out: Writable, sheets: Array<{ name: string; table: ReportTable }>): Promise<void> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  for (const { name, table } of sheets) {
    const sheet = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = table.headers.map((header, i) => {
      const kind = table.kinds[i] ?? 'text';
      const fmt = NUM_FMT[kind];
      return { header, width: WIDTH[kind], ...(fmt ? { style: { numFmt: fmt } } : {}) };
    });
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    for (const row of table.rows) sheet.addRow(row).commit();
    sheet.commit();
  }
  await book.commit();
}

function csvCell(value: Cell): string {
  if (value === null) return '';
  const text = typeof value === 'object' ? value.text : String(value);
  // Quote what would break a field, and neutralise leading formula characters (CSV injection in Excel).
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value !== 'number' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** UTF-8 with a byte-order mark (so Excel reads the Chinese), CRLF line ends, one table. */
export async function writeCsv(out: Writable, table: ReportTable): Promise<void> {
  const write = (chunk: string) =>
    new Promise<void>((resolve, reject) => {
      if (out.write(chunk)) return resolve();
      // Each wait removes its listeners again: 20,000 rows would otherwise pile them up on the stream.
      const drained = () => {
        out.off('error', failed);
        resolve();
      };
      const failed = (err: Error) => {
        out.off('drain', drained);
        reject(err);
      };
      out.once('drain', drained).once('error', failed);
    });
  await write('\uFEFF' + table.headers.map(csvCell).join(',') + '\r\n');
  for (const row of table.rows) await write(row.map(csvCell).join(',') + '\r\n');
  out.end();
}
