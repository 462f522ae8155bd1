import { catalogueError, type CatalogueError } from './errors';

/** One CSV record. `row` is its spreadsheet row: the header is row 1, blank lines count as rows. */
export interface CsvRecord {
  row: number;
  fields: string[];
}

export interface CsvParseResult {
  records: CsvRecord[];
  /** At most MAX_CSV_ERRORS, in file order. */
  errors: CatalogueError[];
  /** Errors found past MAX_CSV_ERRORS: counted, not listed (absent when none). */
  errorsOmitted?: number;
}

/**
 * Parse errors listed per file: a hostile file with a stray quote in every field would otherwise make one error
 * object per field (millions); the rest are counted.
 */
export const MAX_CSV_ERRORS = 100;

/**
 * RFC 4180 CSV: comma-separated, fields optionally in double quotes, `""` inside quotes is a quote, quoted fields
 * may hold commas and line breaks. Tolerates a UTF-8 BOM (Excel writes one), CRLF / LF / CR line ends and a
 * missing final line break. Blank lines are skipped but still numbered, so rows match what a spreadsheet shows.
 */
export function parseCsv(input: string): CsvParseResult {
  const records: CsvRecord[] = [];
  const { errors, omitted } = scanCsv(input, (record) => records.push(record));
  return { records, errors, ...(omitted ? { errorsOmitted: omitted } : {}) };
}

/**
 * The same, keeping at most `keep` records and counting the rest: a file far over a row limit is refused with
 * memory bounded by the limit, not by the file (a million near-empty rows would otherwise be a million arrays).
 */
export function parseCsvCapped(input: string, keep: number): CsvParseResult & { total: number } {
  const records: CsvRecord[] = [];
  let total = 0;
  const { errors, omitted } = scanCsv(input, (record) => {
    total += 1;
    if (records.length < keep) records.push(record);
  });
  return { records, errors, ...(omitted ? { errorsOmitted: omitted } : {}), total };
}

function scanCsv(input: string, onRecord: (record: CsvRecord) => void): { errors: CatalogueError[]; omitted: number } {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const errors: CatalogueError[] = [];
  let omitted = 0;
  const report = (error: CatalogueError) => {
    if (errors.length < MAX_CSV_ERRORS) errors.push(error);
    else omitted += 1;
  };
  let fields: string[] = [];
  let field = '';
  let row = 1;
  let inQuotes = false;
  let quoteStartRow = 1;
  let fieldWasQuoted = false;
  let strayReported = false;
  let i = 0;

  // One report per field is enough, however many characters follow the stray quote.
  const stray = (ch: string) => {
    if (!strayReported) report(catalogueError(row, '(file)', 'catalogue.csv.stray-quote', { row }));
    strayReported = true;
    field += ch;
  };

  const endField = () => {
    fields.push(field);
    field = '';
    fieldWasQuoted = false;
    strayReported = false;
  };
  const endRecord = () => {
    endField();
    const blank = fields.length === 1 && fields[0] === '';
    if (!blank) onRecord({ row, fields });
    fields = [];
    row += 1;
  };

  while (i < text.length) {
    const ch = text[i] as string;
    if (inQuotes) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') inQuotes = false;
      else field += ch;
      i += 1;
      continue;
    }
    if (ch === ',') endField();
    else if (ch === '\r' || ch === '\n') {
      endRecord();
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
    } else if (ch === '"') {
      if (field === '' && !fieldWasQuoted) {
        inQuotes = true;
        fieldWasQuoted = true;
        quoteStartRow = row;
      } else stray(ch); // a quote inside an unquoted field, or after a closing quote: keep it, but report it
    } else if (fieldWasQuoted) stray(ch);
    else field += ch;
    i += 1;
  }
  if (inQuotes) {
    report(catalogueError(quoteStartRow, '(file)', 'catalogue.csv.unterminated-quote', { row: quoteStartRow }));
  }
  if (field !== '' || fields.length > 0 || fieldWasQuoted) endRecord();
  return { errors, omitted };
}
