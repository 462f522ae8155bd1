/**
 * npm run evaluate -- --programme <id> --input <file.json> [--lang zh|en] [--as-of YYYY-MM-DD]
 * npm run evaluate -- --list
 *
 * Reads { school, records, catalogue? } (see docs/engine.md), validates it with the shared schemas and prints the
 * teacher's status as JSON. Exit codes: 0 done, 2 bad arguments or input (explained in Chinese and English).
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
  npm run evaluate -- --list [--lang zh|en]
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
  const programme = findProgramme(values.programme);
  if (programme === undefined) {
    const text = message('programme.unknown', { id: values.programme, known: listProgrammes().map((p) => p.id) });
    io.stderr(`${text.zh}\n${text.en}\n`);
    return 2;
  }

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
