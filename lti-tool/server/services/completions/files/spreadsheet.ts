import { unzipSync } from 'fflate';
import { parseCsv } from '../../../../../shared/domain';

/**
 * The first sheet of a CSV, XLSX or ODS file as rows of text cells. `row` is the spreadsheet row (header = 1).
 * Moodle's exports are read as they are: UTF-8 with or without a BOM, OOXML with inline or shared strings and
 * omitted empty cells (OpenSpout, PhpSpreadsheet), ODF with repeated cells (Moodle's own writer).
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
}

export class UnreadableFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableFileError';
  }
}

/** Limits that keep a hostile archive from blowing up memory (zip bombs). */
export const MAX_UNZIPPED_BYTES = 200 * 1024 * 1024;

export function readSheet(bytes: Uint8Array, fileName = ''): Sheet {
  const kind = detectKind(bytes, fileName);
  if (kind === 'zip') return readZipSheet(bytes);
  return readCsvSheet(bytes);
}

function detectKind(bytes: Uint8Array, fileName: string): 'zip' | 'csv' {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'zip';
  if (/\.(xlsx|ods)$/i.test(fileName)) throw new UnreadableFileError('not a zip archive (xlsx/ods)');
  return 'csv';
}

/** UTF-8 (BOM optional); files saved by a Chinese Excel are often GB18030, so that is tried when UTF-8 fails. */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

function readCsvSheet(bytes: Uint8Array): Sheet {
  if (bytes.includes(0)) throw new UnreadableFileError('binary data in a CSV file');
  const parsed = parseCsv(decodeText(bytes));
  const [head, ...rest] = parsed.records;
  return {
    format: 'csv',
    header: (head?.fields ?? []).map(unguard),
    rows: rest.map((r) => ({ row: r.row, cells: r.fields.map(unguard) })),
    problems: parsed.errors.map((e) => `row ${e.row ?? '?'}: ${e.message.en}`),
  };
}

/** Moodle (and most writers) prefix `'` to text starting with = + - @ against formula injection; undo it. */
export function unguard(value: string): string {
  return /^'\s*[=+\-@]/.test(value) ? value.slice(1) : value;
}

function readZipSheet(bytes: Uint8Array): Sheet {
  let total = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (file) => {
        total += file.originalSize;
        if (total > MAX_UNZIPPED_BYTES) throw new UnreadableFileError('archive expands beyond the size limit');
        return /^(xl\/|content\.xml$|\[Content_Types\]\.xml$|mimetype$)/.test(file.name);
      },
    });
  } catch (err) {
    if (err instanceof UnreadableFileError) throw err;
    throw new UnreadableFileError('damaged zip archive');
  }
  const text = (name: string) => {
    const file = files[name];
    return file ? new TextDecoder().decode(file) : undefined;
  };
  if (files['content.xml']) return readOds(text('content.xml') ?? '');
  if (files['xl/workbook.xml']) return readXlsx(text);
  throw new UnreadableFileError('neither an XLSX nor an ODS spreadsheet');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeXml(value: string): string {
  return value.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return ENTITIES[entity] ?? whole;
  });
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name.replace(':', '\\:')}="([^"]*)"`).exec(tag);
  return match ? decodeXml(match[1] ?? '') : undefined;
}

/** The text of `<t>` runs inside an element (rich text has several). */
function textRuns(xml: string): string {
  let out = '';
  for (const m of xml.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>|<t(?:\s[^>]*)?\/>/g)) out += decodeXml(m[1] ?? '');
  return out;
}

function columnIndex(ref: string): number {
  const letters = /^[A-Z]+/.exec(ref)?.[0] ?? '';
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

function readXlsx(text: (name: string) => string | undefined): Sheet {
  const workbook = text('xl/workbook.xml') ?? '';
  const firstSheet = /<sheet\s[^>]*>/.exec(workbook)?.[0];
  const relId = firstSheet ? attribute(firstSheet, 'r:id') : undefined;
  const rels = text('xl/_rels/workbook.xml.rels') ?? '';
  let target: string | undefined;
  for (const m of rels.matchAll(/<Relationship\s[^>]*>/g)) {
    if (attribute(m[0], 'Id') === relId) target = attribute(m[0], 'Target');
  }
  const path = target ? (target.startsWith('/') ? target.slice(1) : `xl/${target}`) : 'xl/worksheets/sheet1.xml';
  const sheetXml = text(path);
  if (sheetXml === undefined) throw new UnreadableFileError('the workbook has no readable first sheet');
  const shared: string[] = [];
  for (const m of (text('xl/sharedStrings.xml') ?? '').matchAll(/<si>([\s\S]*?)<\/si>/g))
    shared.push(textRuns(m[1] ?? ''));

  const grid: SheetRow[] = [];
  let nextRow = 1;
  for (const rowMatch of sheetXml.matchAll(/<row(\s[^>]*)?(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    const rowAttr = rowMatch[1] ?? '';
    const rowNumber = Number(attribute(rowAttr, 'r') ?? nextRow);
    nextRow = rowNumber + 1;
    const cells: string[] = [];
    let nextCol = 0;
    for (const c of (rowMatch[2] ?? '').matchAll(/<c(\s[^>]*?)?(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attrs = c[1] ?? '';
      const ref = attribute(attrs, 'r');
      const col = ref ? columnIndex(ref) : nextCol;
      nextCol = col + 1;
      const type = attribute(attrs, 't');
      const body = c[2] ?? '';
      const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
      let value: string;
      if (type === 'inlineStr') value = textRuns(body);
      else if (type === 's') value = shared[Number(v)] ?? '';
      else value = v === undefined ? '' : decodeXml(v);
      while (cells.length < col) cells.push('');
      cells[col] = unguard(value);
    }
    grid.push({ row: rowNumber, cells });
  }
  return toSheet('xlsx', grid);
}

function readOds(xml: string): Sheet {
  const table = /<table:table\s[\s\S]*?<\/table:table>/.exec(xml)?.[0];
  if (!table) throw new UnreadableFileError('the spreadsheet has no table');
  const grid: SheetRow[] = [];
  let rowNumber = 1;
  for (const rowMatch of table.matchAll(/<table:table-row(\s[^>]*?)?(?:\/>|>([\s\S]*?)<\/table:table-row>)/g)) {
    const repeat = Math.min(Number(attribute(rowMatch[1] ?? '', 'table:number-rows-repeated') ?? 1), 10_000);
    const cells: string[] = [];
    const cellPattern =
      /<table:(?:covered-)?table-cell(\s[^>]*?)?(?:\/>|>([\s\S]*?)<\/table:(?:covered-)?table-cell>)/g;
    for (const c of (rowMatch[2] ?? '').matchAll(cellPattern)) {
      const attrs = c[1] ?? '';
      const times = Math.min(Number(attribute(attrs, 'table:number-columns-repeated') ?? 1), 1_000);
      const type = attribute(attrs, 'office:value-type');
      let value = '';
      if (type === 'float' || type === 'percentage' || type === 'currency') {
        value = attribute(attrs, 'office:value') ?? '';
      } else if (type === 'date') value = attribute(attrs, 'office:date-value') ?? '';
      else {
        value = [...(c[2] ?? '').matchAll(/<text:p(?:\s[^>]*)?>([\s\S]*?)<\/text:p>/g)]
          .map((p) => decodeXml((p[1] ?? '').replace(/<text:s[^>]*\/>/g, ' ').replace(/<[^>]+>/g, '')))
          .join('\n');
      }
      for (let i = 0; i < times; i++) cells.push(unguard(value));
    }
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    for (let i = 0; i < repeat; i++) grid.push({ row: rowNumber + i, cells: [...cells] });
    rowNumber += repeat;
  }
  return toSheet('ods', grid);
}

function toSheet(format: 'xlsx' | 'ods', grid: SheetRow[]): Sheet {
  const nonBlank = grid.filter((r) => r.cells.some((c) => c.trim() !== ''));
  const [head, ...rows] = nonBlank;
  return { format, header: head?.cells ?? [], rows, problems: [] };
}
