import type { ByteSource } from './byte-source';
import { UnreadableFileError } from './unreadable';
import type { XlsxPlan } from './xlsx-parts';
import { feedPart, localName, partParser } from './xml-parts';

/** A sheet row as read: the spreadsheet row number, its cells by column, and how many times it repeats (ODS). */
export type RowSink = (row: number, cells: string[], repeat: number) => void;

/** The widest row a sheet may have (XLSX's own limit, column XFD): a reference beyond it is a broken file. */
export const MAX_COLUMNS = 16_384;

/** An attribute's value (hoisted: a closure made per tag costs more than the rest of the tag's handling). */
export function attr(tag: { attributes: Record<string, unknown> }, name: string): string | undefined {
  const value = tag.attributes[name];
  return typeof value === 'string' ? value : undefined;
}

/** `C12` → 3 (the column, from 1); 0 when the reference has no column letters. */
function columnOf(ref: string): number {
  let col = 0;
  for (let i = 0; i < ref.length; i++) {
    const code = ref.charCodeAt(i);
    if (code >= 65 && code <= 90) col = col * 26 + code - 64;
    else if (code >= 97 && code <= 122) col = col * 26 + code - 96;
    else break;
  }
  return col;
}

/** An Excel serial date as Moodle's text (`YYYY-MM-DD HH:MM:SS`, its wall-clock time: Excel dates have no zone). */
function serialDate(serial: number, date1904: boolean): string {
  const date = new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
  return Number.isFinite(date.getTime()) ? date.toISOString().slice(0, 19).replace('T', ' ') : '';
}

/**
 * The first worksheet's rows, streamed: each `<row>` goes to `onRow` as soon as it closes, with its cells placed by
 * their reference (`r="C5"`; a cell or row without one follows the previous), so omitted empty cells shift
 * nothing. Values as exceljs gave them before: shared and inline strings (rich text joined), numbers as JavaScript
 * prints them, booleans as true/false, errors empty, a formula's cached result, numbers in a date style as
 * wall-clock text. Yields after each piece of the sheet's XML.
 */
export function* readXlsxRows(bytes: ByteSource, plan: XlsxPlan, onRow: RowSink): Generator<void> {
  const parser = partParser();
  let rowNumber = 0;
  let cells: string[] | undefined;
  let col = 0;
  let cell: { type: string; style: number; value?: string; inline?: string } | undefined;
  let capture: 'value' | 'inline' | undefined;
  let phonetic = 0;
  let done = false;

  parser.on('opentag', (tag) => {
    if (done) return;
    switch (localName(tag.name)) {
      case 'row': {
        const r = Number(attr(tag, 'r'));
        rowNumber = Number.isInteger(r) && r > rowNumber ? r : rowNumber + 1;
        cells = [];
        col = 0;
        if (tag.isSelfClosing) closeRow();
        break;
      }
      case 'c': {
        if (!cells) break;
        const ref = attr(tag, 'r');
        col = ref ? columnOf(ref) || col + 1 : col + 1;
        if (col > MAX_COLUMNS) throw new UnreadableFileError(`a cell beyond column ${MAX_COLUMNS}`);
        cell = { type: attr(tag, 't') ?? 'n', style: Number(attr(tag, 's') ?? 0) };
        break;
      }
      case 'v':
        if (cell && !tag.isSelfClosing) {
          capture = 'value';
          cell.value = '';
        }
        break;
      case 'is':
        if (cell) cell.inline = '';
        break;
      case 'rPh':
        phonetic++;
        break;
      case 't':
        if (cell?.inline !== undefined && phonetic === 0 && !tag.isSelfClosing) capture = 'inline';
        break;
    }
  });
  const text = (value: string) => {
    if (capture === 'value') cell!.value += value;
    else if (capture === 'inline') cell!.inline += value;
  };
  parser.on('text', text);
  parser.on('cdata', text);
  parser.on('closetag', (tag) => {
    if (done) return;
    switch (localName(tag.name)) {
      case 'v':
      case 't':
        capture = undefined;
        break;
      case 'rPh':
        phonetic--;
        break;
      case 'c':
        if (cell && cells) {
          const value = cellText(cell);
          if (value !== undefined) {
            while (cells.length < col - 1) cells.push('');
            cells[col - 1] = value;
          }
        }
        cell = undefined;
        break;
      case 'row':
        if (!tag.isSelfClosing) closeRow();
        break;
      case 'sheetData':
        done = true; // the rest (merges, hyperlinks, page setup) holds no rows
        break;
    }
  });

  function closeRow() {
    onRow(rowNumber, cells!, 1);
    cells = undefined;
  }

  /** A cell's text; undefined when it holds no value (a styled empty cell). */
  function cellText(c: NonNullable<typeof cell>): string | undefined {
    if (c.type === 'inlineStr') return c.inline ?? c.value;
    if (c.value === undefined) return undefined;
    switch (c.type) {
      case 's':
        return plan.strings[Number.parseInt(c.value, 10)] ?? '';
      case 'str':
        return c.value;
      case 'b':
        return String(Number.parseInt(c.value, 10) !== 0);
      case 'e':
        return '';
      case 'd':
        return c.value.slice(0, 19).replace('T', ' ');
      default: {
        const n = Number.parseFloat(c.value);
        if (!Number.isFinite(n)) return '';
        return plan.dateStyles[c.style] ? serialDate(n, plan.date1904) : String(n);
      }
    }
  }

  yield* feedPart(bytes, plan.sheet, parser, 'the workbook has no readable first sheet');
}
