import type { ByteSource } from './byte-source';
import { UnreadableFileError } from './unreadable';
import { attr, MAX_COLUMNS, type RowSink } from './xlsx';
import { feedPart, partParser } from './xml-parts';
import type { ZipEntry } from './zip-entries';

/** Repeats honoured at most this many times: ODF writers repeat empty rows/columns to the sheet's end. */
const MAX_REPEATED_ROWS = 10_000;
const MAX_REPEATED_COLUMNS = 1_000;

/** A repeat count attribute, at least 1 and at most `max`. */
const repeat = (tag: { attributes: Record<string, unknown> }, name: string, max: number) =>
  Math.min(Math.max(Number(attr(tag, name) ?? 1) || 1, 1), max);

/**
 * The first table of an ODS `content.xml`, streamed through saxes: each row goes to `onRow` as it closes, with its
 * repeat count (`number-rows-repeated`; an empty row once); columns repeated by `number-columns-repeated`, typed
 * values from `office:value` / `office:date-value`, text from `text:p` (with `text:s` spaces and line breaks).
 * Stops at the end of the first table. Yields after each piece of the XML.
 */
export function* readOdsRows(bytes: ByteSource, content: ZipEntry, onRow: RowSink): Generator<void> {
  const parser = partParser();
  let depth = 0; // table nesting: 0 before the first table, 1 inside it, -1 after it
  let rowNumber = 1;
  let row: { cells: string[]; repeat: number } | undefined;
  let cell: { value: string | undefined; text: string[]; repeat: number } | undefined;
  let paragraph: string | undefined;

  parser.on('opentag', (tag) => {
    if (depth < 0) return;
    switch (tag.name) {
      case 'table:table':
        depth++;
        break;
      case 'table:table-row':
        if (depth === 1) row = { cells: [], repeat: repeat(tag, 'table:number-rows-repeated', MAX_REPEATED_ROWS) };
        break;
      case 'table:table-cell':
      case 'table:covered-table-cell': {
        if (depth !== 1 || !row) break;
        const type = attr(tag, 'office:value-type');
        const typed =
          type === 'float' || type === 'percentage' || type === 'currency'
            ? attr(tag, 'office:value')
            : type === 'date'
              ? attr(tag, 'office:date-value')
              : undefined;
        cell = { value: typed, text: [], repeat: repeat(tag, 'table:number-columns-repeated', MAX_REPEATED_COLUMNS) };
        if (tag.isSelfClosing) closeCell();
        break;
      }
      case 'text:p':
        if (cell) paragraph = '';
        break;
      case 'text:s':
        if (paragraph !== undefined) paragraph += ' '.repeat(repeat(tag, 'text:c', 100));
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
    // Trailing empty cells repeated to the sheet's edge are dropped at the row's end; data past the edge is broken.
    if (row.cells.length + cell.repeat > MAX_COLUMNS && value !== '')
      throw new UnreadableFileError(`a cell beyond column ${MAX_COLUMNS}`);
    for (let i = 0; i < cell.repeat && row.cells.length < MAX_COLUMNS; i++) row.cells.push(value);
    cell = undefined;
  }
  function closeRow() {
    const cells = row!.cells;
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    // Trailing empty rows repeated to the sheet's end are not rows of data.
    onRow(rowNumber, cells, cells.length === 0 ? Math.min(row!.repeat, 1) : row!.repeat);
    rowNumber += row!.repeat;
    row = undefined;
  }

  yield* feedPart(bytes, content, parser, 'unreadable ODS content');
}
