/**
 * npm run evaluate -- --programme <id> --input <file.json> [--lang zh|en] [--as-of YYYY-MM-DD]
 *                     [--overrides <file.json>] [--set <path>=<value> …]
 * npm run evaluate -- --list
 *
 * Reads { school, records, catalogue? } (see docs/engine.md), validates it with the shared schemas and prints the
 * teacher's status as JSON, under the programme's rules with a programme instance's parameter overrides applied
 * (an overrides file `{ "hours.totalMin": 60 }` first, then each --set). Exit codes: 0 done, 2 bad arguments or
 * input (explained in Chinese and English).
 */
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  checkProgrammeCatalogue,
  evaluateTeacher,
  evaluationInputSchema,
  findProgramme,
  getCatalogue,
  listProgrammes,
  validateCatalogueData,
  type Catalogue,
} from '../shared/domain';
import { applyParameterOverrides, type ParameterOverrides } from '../shared/programmes/overrides';
import { localizeTree, message, parseWithIssues, type FieldIssue, type Language } from '../shared/i18n';

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readFile: (path: string) => Promise<string>;
}

const defaultIO: CliIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: (path) => readFile(path, 'utf8'),
};

const USAGE = `用法 / Usage:
  npm run evaluate -- --programme <id> --input <file.json> [--lang zh|en] [--as-of YYYY-MM-DD]
                      [--overrides <file.json>] [--set <参数路径/path>=<值/value> …]
  npm run evaluate -- --list [--lang zh|en]
  例 / e.g. --set hours.totalMin=60 --set period.deadline=2027-06-30
`;

function reportIssues(io: CliIO, title: string, issues: readonly FieldIssue[]): number {
  io.stderr(`${title}\n`);
  for (const issue of issues) io.stderr(`  - ${issue.message.zh}\n    ${issue.message.en}\n`);
  return 2;
}

function languageOf(value: string | undefined): Language | null | undefined {
  if (value === undefined) return undefined;
  if (value === 'zh' || value === 'zh-CN') return 'zh-CN';
  return value === 'en' ? 'en' : null;
}

function listCommand(io: CliIO, lang: Language | undefined): number {
  for (const p of listProgrammes()) {
    const name = lang === 'en' ? p.name.en : lang === 'zh-CN' ? p.name.zh : `${p.name.zh} / ${p.name.en}`;
    io.stdout(`${p.id}\t${p.edition}\t${p.catalogueId}\t${name}\n`);
  }
  return 0;
}

/** The catalogue to evaluate with: the programme's own, or the institution's from the input file. */
function chooseCatalogue(io: CliIO, raw: unknown, catalogueId: string): Catalogue | number {
  if (raw === undefined) return getCatalogue(catalogueId);
  const result = validateCatalogueData(raw);
  if (result.ok) return result.catalogue;
  const issues = result.errors.map((e) => ({ path: `catalogue.${e.field}`, message: e.message }));
  return reportIssues(io, '目录无效 / Invalid catalogue:', issues);
}

/** `--set path=value`: the value as JSON when it parses (60, null, true, {"startYear":…}), else as a string. */
function parseSet(entry: string): [string, unknown] | undefined {
  const at = entry.indexOf('=');
  if (at <= 0) return undefined;
  const text = entry.slice(at + 1).trim();
  let value: unknown = text;
  try {
    value = JSON.parse(text);
  } catch {
    // a bare word or a date: keep the string
  }
  return [entry.slice(0, at).trim(), value];
}

/** The instance's overrides from --overrides (a JSON object of path → value) and --set, or an exit code. */
async function readOverrides(
  io: CliIO,
  file: string | undefined,
  sets: readonly string[],
): Promise<ParameterOverrides | number> {
  const overrides: ParameterOverrides = {};
  if (file !== undefined) {
    let raw: unknown;
    try {
      raw = JSON.parse((await io.readFile(file)).replace(/^\uFEFF/, ''));
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      io.stderr(`参数覆盖文件无法读取 / Overrides file cannot be read: ${file}\n  ${detail}\n`);
      return 2;
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      io.stderr(
        `参数覆盖文件应为 JSON 对象，如 {"hours.totalMin": 60} / ` +
          `The overrides file must be a JSON object such as {"hours.totalMin": 60}: ${file}\n`,
      );
      return 2;
    }
    // `$comment` and other `$` keys document the file; they are not parameters.
    for (const [path, value] of Object.entries(raw)) if (!path.startsWith('$')) overrides[path] = value;
  }
  for (const entry of sets) {
    const pair = parseSet(entry);
    if (!pair) {
      io.stderr(
        `--set 应为 参数路径=值，如 hours.totalMin=60 / --set must be path=value, e.g. hours.totalMin=60: ${entry}\n`,
      );
      return 2;
    }
    overrides[pair[0]] = pair[1];
  }
  return overrides;
}

export async function main(argv: string[], io: CliIO = defaultIO): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        programme: { type: 'string', short: 'p' },
        input: { type: 'string', short: 'i' },
        lang: { type: 'string' },
        'as-of': { type: 'string' },
        overrides: { type: 'string' },
        set: { type: 'string', multiple: true },
        list: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const lang = languageOf(values.lang);
  if (lang === null || values.help) {
    io.stderr(USAGE);
    return values.help ? 0 : 2;
  }
  if (values.list) return listCommand(io, lang);
  if (values.programme === undefined || values.input === undefined) {
    io.stderr(USAGE);
    return 2;
  }
  const definition = findProgramme(values.programme);
  if (definition === undefined) {
    const text = message('programme.unknown', { id: values.programme, known: listProgrammes().map((p) => p.id) });
    io.stderr(`${text.zh}\n${text.en}\n`);
    return 2;
  }
  const overrides = await readOverrides(io, values.overrides, values.set ?? []);
  if (typeof overrides === 'number') return overrides;
  const applied = applyParameterOverrides(definition, overrides);
  if (!applied.ok) {
    io.stderr('参数覆盖无效 / Invalid parameter overrides:\n');
    for (const issue of applied.issues) io.stderr(`  - ${issue.zh}\n    ${issue.en}\n`);
    return 2;
  }
  const programme = applied.programme;

  let raw: unknown;
  try {
    raw = JSON.parse((await io.readFile(values.input)).replace(/^\uFEFF/, ''));
  } catch (error) {
    const text = message('input.invalid-json', { detail: error instanceof Error ? error.message : String(error) });
    io.stderr(`${values.input}\n  ${text.zh}\n  ${text.en}\n`);
    return 2;
  }
  const parsed = parseWithIssues(evaluationInputSchema, raw);
  if (!parsed.ok) return reportIssues(io, `输入无效 / Invalid input: ${values.input}`, parsed.issues);
  const catalogue = chooseCatalogue(io, parsed.data.catalogue, programme.catalogueId);
  if (typeof catalogue === 'number') return catalogue;
  const mismatch = checkProgrammeCatalogue(programme, catalogue);
  if (mismatch.length > 0)
    return reportIssues(io, '目录与项目不匹配 / Catalogue does not fit the programme:', mismatch);

  const asOf = values['as-of'] ?? parsed.data.asOf;
  if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}/.test(asOf)) {
    io.stderr(`--as-of 应为日期 YYYY-MM-DD / --as-of must be a date YYYY-MM-DD: ${asOf}\n`);
    return 2;
  }
  const status = evaluateTeacher(programme, catalogue, parsed.data.school, parsed.data.records, asOf ? { asOf } : {});
  io.stdout(`${JSON.stringify(lang === undefined ? status : localizeTree(status, lang), null, 2)}\n`);
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
