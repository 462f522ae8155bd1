import type { ByteSource } from './byte-source';
import { UnreadableFileError } from './unreadable';
import { localName, partParser, readPart } from './xml-parts';
import type { ZipEntry } from './zip-entries';

/**
 * What reading an XLSX sheet needs before its first row: which entry is the first sheet, the shared strings, which
 * cell styles are dates, and the workbook's date system. Found through the workbook and its relationships, read
 * from the central directory whatever their order in the archive (Excel writes the shared strings after the
 * sheets). Memory: the shared-string table is held for the whole read (each distinct string once, bounded by the
 * sharedStrings entry's declared size, itself within MAX_UNZIPPED_BYTES); the sheet itself is streamed.
 */
export interface XlsxPlan {
  sheet: ZipEntry;
  strings: string[];
  /** By cell style index (`s`): does its number format show a date or time? */
  dateStyles: boolean[];
  date1904: boolean;
}

/** Built-in number formats that exceljs (the reader before this one) knew as dates: the same cells are dates. */
const BUILTIN_FORMATS: Record<number, string> = {
  14: 'mm-dd-yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy "h":mm',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
};

/** A format shows a date when a date or time token is left once the literal text and `[...]` parts are removed. */
export function isDateFormat(code: string | undefined): boolean {
  if (!code) return false;
  return /[ymdhMsb]/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** A relationship's target as an entry name (relative to `xl/`, or absolute from the package root). */
function entryName(target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : `xl/${target}`).split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '..') out.pop();
    else if (part !== '.' && part !== '') out.push(part);
  }
  return out.join('/');
}

const attr = (attributes: Record<string, unknown>, name: string) => {
  const value = attributes[name];
  return typeof value === 'string' ? value : undefined;
};

export function planXlsx(bytes: ByteSource, entries: Map<string, ZipEntry>, workbook: ZipEntry): XlsxPlan {
  let firstSheetId: string | undefined;
  let date1904 = false;
  const book = partParser();
  book.on('opentag', (tag) => {
    const name = localName(tag.name);
    if (name === 'sheet' && firstSheetId === undefined) {
      firstSheetId = Object.entries(tag.attributes).find(([k]) => localName(k) === 'id' && k !== 'id')?.[1] as string;
    } else if (name === 'workbookPr') {
      const value = attr(tag.attributes, 'date1904');
      date1904 = value === '1' || value === 'true';
    }
  });
  readPart(bytes, workbook, book, 'the workbook has no readable first sheet');

  const targets = new Map<string, string>();
  let stringsName = 'xl/sharedStrings.xml';
  let stylesName = 'xl/styles.xml';
  const relsEntry = entries.get('xl/_rels/workbook.xml.rels');
  if (relsEntry) {
    const rels = partParser();
    rels.on('opentag', (tag) => {
      if (localName(tag.name) !== 'Relationship') return;
      const target = attr(tag.attributes, 'Target');
      const id = attr(tag.attributes, 'Id');
      const type = attr(tag.attributes, 'Type') ?? '';
      if (!target || !id) return;
      targets.set(id, entryName(target));
      if (type.endsWith('/sharedStrings')) stringsName = entryName(target);
      if (type.endsWith('/styles')) stylesName = entryName(target);
    });
    readPart(bytes, relsEntry, rels, 'the workbook has no readable first sheet');
  }
  const sheet =
    entries.get((firstSheetId && targets.get(firstSheetId)) || 'xl/worksheets/sheet1.xml') ??
    entries.get('xl/worksheets/sheet1.xml');
  if (!sheet) throw new UnreadableFileError('the workbook has no readable first sheet');
  const stringsEntry = entries.get(stringsName);
  const stylesEntry = entries.get(stylesName);
  return {
    sheet,
    strings: stringsEntry ? sharedStrings(bytes, stringsEntry) : [],
    dateStyles: stylesEntry ? dateStyles(bytes, stylesEntry) : [],
    date1904,
  };
}

/** The shared-string table: each `<si>`'s text runs joined (rich text as plain text, phonetic guides left out). */
function sharedStrings(bytes: ByteSource, entry: ZipEntry): string[] {
  const strings: string[] = [];
  let item: string | undefined;
  let inText = false;
  let phonetic = 0;
  const parser = partParser();
  parser.on('opentag', (tag) => {
    const name = localName(tag.name);
    if (name === 'si') item = '';
    else if (name === 'rPh') phonetic++;
    else if (name === 't' && item !== undefined && phonetic === 0 && !tag.isSelfClosing) inText = true;
  });
  const text = (value: string) => {
    if (inText) item += value;
  };
  parser.on('text', text);
  parser.on('cdata', text);
  parser.on('closetag', (tag) => {
    const name = localName(tag.name);
    if (name === 't') inText = false;
    else if (name === 'rPh') phonetic--;
    else if (name === 'si' && item !== undefined) {
      strings.push(item);
      item = undefined;
    }
  });
  readPart(bytes, entry, parser, 'unreadable shared strings');
  return strings;
}

/** For each cell format (`cellXfs`), whether it shows a date: its number format, custom or built in. */
function dateStyles(bytes: ByteSource, entry: ZipEntry): boolean[] {
  const custom = new Map<number, string>();
  const formats: number[] = [];
  let inCellXfs = false;
  const parser = partParser();
  parser.on('opentag', (tag) => {
    const name = localName(tag.name);
    if (name === 'numFmt') {
      custom.set(Number(attr(tag.attributes, 'numFmtId')), attr(tag.attributes, 'formatCode') ?? '');
    } else if (name === 'cellXfs') inCellXfs = !tag.isSelfClosing;
    else if (name === 'xf' && inCellXfs) formats.push(Number(attr(tag.attributes, 'numFmtId') ?? 0));
  });
  parser.on('closetag', (tag) => {
    if (localName(tag.name) === 'cellXfs') inCellXfs = false;
  });
  readPart(bytes, entry, parser, 'unreadable styles');
  // Format 0 is General (exceljs read a style with format 0 as no format at all).
  return formats.map((id) => id !== 0 && isDateFormat(custom.get(id) ?? BUILTIN_FORMATS[id]));
}
