import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { main, type CliIO } from './catalogue';

const CATALOGUES = new URL('../test/fixtures/engine/catalogues/', import.meta.url);

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    readFile: (path) => readFile(new URL(path, CATALOGUES), 'utf8'),
  };
  return { code: await main(argv, io), stdout, stderr };
}

describe('catalogue command', () => {
  it('accepts the valid CSV and JSON samples', async () => {
    const csv = await run('validate', 'institution-valid.csv');
    expect(csv.code).toBe(0);
    expect(csv.stdout).toContain('目录有效 / Valid catalogue: institution-valid: 4 abilities (A 3, B 1), 0 topics');
    expect(csv.stdout).toContain('第 1 行 [备注] 无法识别的列“备注”，已忽略');
    const json = await run('validate', 'institution-valid.json');
    expect(json.code).toBe(0);
    expect(json.stdout).toContain('example-district-2.0: 5 abilities');
  });

  it('prints every error of the invalid CSV with row, field and both languages, and exits 1', async () => {
    const { code, stderr } = await run('validate', 'institution-invalid.csv');
    expect(code).toBe(1);
    expect(stderr).toContain('目录无效 / Invalid catalogue: institution-invalid.csv (14)');
    expect(stderr).toContain('  - 第 5 行 [kind] “材料类型”的值“audio”无效');
    expect(stderr).toContain('    row 5 [kind] "kind" has the invalid value "audio"');
    expect(stderr).toContain('第 8 行 [passCriteria] C3 缺少合格标准');
  });

  it('exits 1 for the invalid JSON sample', async () => {
    const { code, stderr } = await run('validate', 'institution-invalid.json');
    expect(code).toBe(1);
    expect(stderr).toContain('第 3 行 [abilities[2].code] 能力点 A1 重复定义');
  });

  it('can print the whole result as JSON', async () => {
    const { code, stdout } = await run('validate', 'institution-invalid.json', '--json');
    expect(code).toBe(1);
    expect(JSON.parse(stdout).errors).toHaveLength(5);
  });

  it('exits 2 on bad arguments or a missing file', async () => {
    expect((await run()).code).toBe(2);
    expect((await run('check', 'x.csv')).code).toBe(2);
    expect((await run('validate', 'missing.csv')).code).toBe(2);
    expect((await run('validate', 'institution-valid.csv', '--base', 'nowhere')).code).toBe(2);
  });

  it('lists the shipped catalogues', async () => {
    const { code, stdout } = await run('list');
    expect(code).toBe(0);
    expect(stdout).toContain('national-2.0\t30 abilities\t0 topics');
    expect(stdout).toContain('national-1.0\t0 abilities\t27 topics');
  });
});
