/**
 * npm run catalogue -- validate <file.csv|file.json> [--base national-2.0] [--json]
 * npm run catalogue -- list
 *
 * Checks an institution's catalogue before it is imported. Prints every error with its row, field and a Chinese
 * and English message; exits 1 when there are errors, 2 on bad arguments, 0 when the catalogue is valid.
 */
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  getCatalogue,
  importCatalogueCsv,
  importCatalogueJson,
  listCatalogues,
  type CatalogueError,
  type CatalogueResult,
} from '../shared/domain';

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
  npm run catalogue -- validate <file.csv|file.json> [--base national-2.0] [--json]
  npm run catalogue -- list
`;

function formatProblem(problem: CatalogueError): string {
  const zhWhere = problem.row === null ? '' : `第 ${problem.row} 行 `;
  const enWhere = problem.row === null ? '' : `row ${problem.row} `;
  return `  - ${zhWhere}[${problem.field}] ${problem.message.zh}\n    ${enWhere}[${problem.field}] ${problem.message.en}\n`;
}

/** Catalogue id from the file name: "My District 2024.csv" → "my-district-2024". */
function idFromFile(path: string): string {
  const slug = basename(path, extname(path))
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'institution' : slug;
}

async function validate(io: CliIO, file: string, baseId: string, asJson: boolean): Promise<number> {
  let text: string;
  try {
    text = await io.readFile(file);
  } catch (error) {
    io.stderr(
      `无法读取文件 / Cannot read file: ${file}\n  ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 2;
  }
  let result: CatalogueResult;
  if (extname(file).toLowerCase() === '.csv') {
    const base = getCatalogue(baseId);
    const name = { zh: basename(file), en: basename(file) };
    result = importCatalogueCsv(text, {
      id: idFromFile(file),
      name,
      environments: base.environments,
      dimensions: base.dimensions,
    });
  } else {
    result = importCatalogueJson(text);
  }
  if (asJson) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  if (result.warnings.length > 0 && !asJson) {
    io.stdout(`警告 / Warnings (${result.warnings.length}):\n${result.warnings.map(formatProblem).join('')}`);
  }
  if (!result.ok) {
    if (!asJson)
      io.stderr(
        `目录无效 / Invalid catalogue: ${file} (${result.errors.length})\n${result.errors.map(formatProblem).join('')}`,
      );
    return 1;
  }
  if (!asJson) {
    const { abilities, topics, id } = result.catalogue;
    const byEnv = new Map<string, number>();
    for (const a of abilities) byEnv.set(a.environment, (byEnv.get(a.environment) ?? 0) + 1);
    const split = [...byEnv].map(([env, n]) => `${env} ${n}`).join(', ');
    io.stdout(`目录有效 / Valid catalogue: ${id}: ${abilities.length} abilities (${split}), ${topics.length} topics\n`);
  }
  return 0;
}

export async function main(argv: string[], io: CliIO = defaultIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { base: { type: 'string', default: 'national-2.0' }, json: { type: 'boolean' } },
    });
  } catch (error) {
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const [command, file, ...rest] = parsed.positionals;
  if (command === 'list' && file === undefined) {
    for (const c of listCatalogues()) {
      io.stdout(`${c.id}\t${c.abilities.length} abilities\t${c.topics.length} topics\t${c.name.zh} / ${c.name.en}\n`);
    }
    return 0;
  }
  if (command !== 'validate' || file === undefined || rest.length > 0) {
    io.stderr(USAGE);
    return 2;
  }
  if (!listCatalogues().some((c) => c.id === parsed.values.base)) {
    io.stderr(`未知的基础目录 / Unknown base catalogue: ${parsed.values.base}\n`);
    return 2;
  }
  return validate(io, file, parsed.values.base, parsed.values.json === true);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
