import { SaxesParser } from 'saxes';
import type { SheetRow } from './spreadsheet';

/** Repeats honoured at most this many times: ODF writers repeat empty rows/columns to the sheet's end. */
const MAX_REPEATED_ROWS = 10_000;
const MAX_REPEATED_COLUMNS = 1_000;

/**
 * The first table of an ODS `content.xml`, read with saxes (a streaming XML parser): rows and columns repeated by
 * `number-*-repeated`, typed values from `office:value` / `office:date-value`, text from `text:p` (with `text:s`
 * spaces and line breaks). Stops at the end of the first table. `maxRows` bounds the rows kept.
 */
export function readOdsContent(xml: string, maxRows: number): { grid: SheetRow[]; tooManyRows: boolean } {
  const parser = new SaxesParser();
  const grid: SheetRow[] = [];
  let depth = 0; // table nesting: 0 before the first table, 1 inside it, -1 after it
  let rowNumber = 1;
  let row: { cells: string[]; repeat: number } | undefined;
  let cell: { value: string | undefined; text: string[]; repeat: number } | undefined;
  let paragraph: string | undefined;
  let tooManyRows = false;

  parser.on('opentag', (tag) => {
    if (depth < 0) return;
    const attr = (name: string) => {
      const value = tag.attributes[name];
      return typeof value === 'string' ? value : undefined;
    };
    const repeat = (name: string, max: number) => Math.min(Math.max(Number(attr(name) ?? 1) || 1, 1), max);
    switch (tag.name) {
      case 'table:table':
        depth++;
        break;
      case 'table:table-row':
        if (depth === 1) row = { cells: [], repeat: repeat('table:number-rows-repeated', MAX_REPEATED_ROWS) };
        break;
      case 'table:table-cell':
      case 'table:covered-table-cell': {
        if (depth !== 1 || !row) break;
        const type = attr('office:value-type');
        const typed =
          type === 'float' || type === 'percentage' || type === 'currency'
            ? attr('office:value')
            : type === 'date'
              ? attr('office:date-value')
              : undefined;
        cell = { value: typed, text: [], repeat: repeat('table:number-columns-repeated', MAX_REPEATED_COLUMNS) };
        if (tag.isSelfClosing) closeCell();
        break;
      }
      case 'text:p':
        if (cell) paragraph = '';
        break;
      case 'text:s':
        if (paragraph !== undefined) paragraph += ' '.repeat(repeat('text:c', 100));
        break;
      case 'text:line-break':
      case 'text:tab':
        if (paragraph !== undefined) paragraph += tag.name === 'text:tab' ? '\t' : '\n';
        break;
    }
  });
  parser.on('text', (text) => {
    if (paragraph !== undefined) paragraph += text;
  });
  parser.on('closetag', (tag) => {
    if (depth < 0) return;
    switch (tag.name) {
      case 'text:p':
        if (cell && paragraph !== undefined) cell.text.push(paragraph);
        paragraph = undefined;
        break;
      case 'table:table-cell':
      case 'table:covered-table-cell':
        if (!tag.isSelfClosing) closeCell();
        break;
      case 'table:table-row':
        if (depth === 1 && row) closeRow();
        break;
      case 'table:table':
        depth = depth === 1 ? -1 : depth - 1;
        break;
    }
  });

  function closeCell() {
    if (!row || !cell) return;
    const value = cell.value ?? cell.text.join('\n');
    for (let i = 0; i < cell.repeat; i++) row.cells.push(value);
    cell = undefined;
  }
  function closeRow() {
    const cells = row!.cells;
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    // Trailing empty rows repeated to the sheet's end are not rows of data.
    const copies = cells.length === 0 ? Math.min(row!.repeat, 1) : row!.repeat;
    for (let i = 0; i < copies; i++) {
      if (grid.length >= maxRows) {
        tooManyRows = true;
        break;
      }
      grid.push({ row: rowNumber + i, cells: [...cells] });
    }
    rowNumber += row!.repeat;
    row = undefined;
  }

  parser.write(xml).close();
  return { grid, tooManyRows };
}
