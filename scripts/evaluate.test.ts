import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { main, type CliIO } from './evaluate';

const INPUTS = new URL('../test/fixtures/engine/inputs/', import.meta.url);

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    readFile: (path) => readFile(new URL(path, INPUTS), 'utf8'),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

describe('evaluate command', () => {
  it('prints the status of the documented example as JSON with Chinese and English sentences', async () => {
    const { code, stdout, stderr } = await run(
      '--programme',
      'cn-national-2.0',
      '--input',
      'national-in-progress.json',
    );
    expect([code, stderr]).toEqual([0, '']);
    const status = JSON.parse(stdout);
    expect(status.state).toBe('in_progress');
    expect(status.nextActions.map((a: { code: string }) => a.code)).toEqual([
      'resubmit-evidence',
      'complete-evidence',
      'log-practice-hours',
      'log-hours',
    ]);
    expect(status.requirements[0].message.zh).toBe('总学时 38.5 学时，还差 11.5 学时（要求不少于 50 学时）');
    expect(status.requirements[0].message.en).toBe('Hours in total: 38.5; 11.5 more needed to reach 50');
    expect(status.selection.items[3].reason.code).toBe('environment-not-available');
  });

  it('evaluates the same record under national and Henan rules', async () => {
    const national = JSON.parse((await run('-p', 'cn-national-2.0', '-i', 'national-ready.json')).stdout);
    const henan = JSON.parse((await run('-p', 'cn-henan-2.0', '-i', 'national-ready.json')).stdout);
    expect(national.state).toBe('ready_to_certify');
    expect(henan.state).toBe('in_progress');
    expect(henan.nextActions[0].message.zh).toBe('还需校本实践应用 5 学时');
  });

  it('prints one language with --lang', async () => {
    const { stdout } = await run('-p', 'cn-national-1.0', '-i', 'v1-gate.json', '--lang', 'en');
    const status = JSON.parse(stdout);
    expect(status.nextActions).toEqual([
      {
        code: 'complete-self-assessment',
        priority: 10,
        abilityCode: null,
        message: 'Complete the pre-training self-assessment first (12/45 answered); course choice opens after it',
      },
    ]);
    expect(status.programme.name).toBe('IT Application Ability Improvement Programme 1.0 (national)');
  });

  it('uses an institution catalogue given in the input', async () => {
    const { code, stdout } = await run('-p', 'cn-national-2.0', '-i', 'institution-catalogue.json', '--lang', 'zh');
    expect(code).toBe(0);
    const status = JSON.parse(stdout);
    expect(status.catalogue.id).toBe('example-district-2.0');
    const a6 = status.abilities.find((a: { code: string }) => a.code === 'A6');
    expect(a6.problems).toEqual(['“课堂实录片段”的视频为 9 分钟，超过上限 8 分钟', '“教学反思”为 320 字，少于 500 字']);
  });

  it('judges the deadline with --as-of', async () => {
    const { stdout } = await run('-p', 'cn-national-2.0', '-i', 'national-in-progress.json', '--as-of', '2023-02-01');
    expect(JSON.parse(stdout).nextActions[0].code).toBe('deadline-passed');
  });

  it('rejects invalid input with exit code 2, naming each field in Chinese and English', async () => {
    const { code, stdout, stderr } = await run('-p', 'cn-national-2.0', '-i', 'invalid-input.json');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('输入无效 / Invalid input: invalid-input.json');
    expect(stderr).toContain('字段 school.environment 无效');
    expect(stderr).toContain('Field school.environment is invalid');
    expect(stderr).toContain('字段 records.hours[0].hours 无效：无效输入：期望 数字');
    expect(stderr).toContain('Field records.hours[1].category is invalid');
    expect(stderr).toContain('Unrecognized key: "selection"');
  });

  it('rejects a file that is not JSON, an unknown programme and a bad date with exit code 2', async () => {
    expect((await run('-p', 'cn-national-2.0', '-i', '../catalogues/institution-valid.csv')).code).toBe(2);
    const unknown = await run('-p', 'cn-mars-2.0', '-i', 'national-ready.json');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('未知的项目“cn-mars-2.0”');
    expect((await run('-p', 'cn-national-2.0', '-i', 'national-ready.json', '--as-of', 'soon')).code).toBe(2);
    expect((await run('-p', 'cn-national-2.0')).code).toBe(2);
    expect((await run('--lang', 'fr', '--list')).code).toBe(2);
  });

  it("applies a programme instance's parameter overrides from --set and from an overrides file", async () => {
    const relaxed = await run('-p', 'cn-henan-2.0', '-i', 'national-ready.json', '--set', 'hours.practiceMin=25');
    expect([relaxed.code, relaxed.stderr]).toEqual([0, '']);
    const status = JSON.parse(relaxed.stdout);
    expect(status.state).toBe('ready_to_certify');
    expect(status.requirements.find((r: { id: string }) => r.id === 'hours-practice').required).toBe(25);

    const stricter = JSON.parse(
      (await run('-p', 'cn-national-2.0', '-i', 'national-ready.json', '--overrides', 'overrides-60-hours.json'))
        .stdout,
    );
    expect(stricter.state).toBe('in_progress');
    expect(stricter.requirements[0]).toMatchObject({ id: 'hours-total', met: false, required: 60 });
    expect(stricter.period.deadline).toBe('2027-06-30');
    // --set wins over the file; a JSON value (null: no such rule) is read as JSON, a date as text.
    const both = await run(
      ...['-p', 'cn-national-2.0', '-i', 'national-ready.json', '--overrides', 'overrides-60-hours.json'],
      ...[
        '--set',
        'hours.totalMin=50',
        '--set',
        'period.deadline=2028-01-31',
        '--set',
        'hours.practiceShareMinPercent=null',
      ],
    );
    const bothStatus = JSON.parse(both.stdout);
    expect(bothStatus.state).toBe('ready_to_certify');
    expect(bothStatus.period.deadline).toBe('2028-01-31');
    expect(bothStatus.requirements.map((r: { id: string }) => r.id)).not.toContain('practice-share');
  });

  it('refuses overrides that are not parameters of the programme or values they cannot take, with exit code 2', async () => {
    const unknown = await run('-p', 'cn-national-2.0', '-i', 'national-ready.json', '--set', 'hours.bogus=1');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('“hours.bogus”不是该项目可调整的参数');
    const bad = await run('-p', 'cn-national-2.0', '-i', 'national-ready.json', '--set', 'hours.totalMin=-5');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('hours.totalMin');
    expect((await run('-p', 'cn-national-2.0', '-i', 'national-ready.json', '--set', 'hours.totalMin')).code).toBe(2);
    const notObject = await run('-p', 'cn-national-2.0', '-i', 'national-ready.json', '--overrides', 'v1-gate.json');
    expect(notObject.code).toBe(2);
  });

  it('lists the programmes', async () => {
    const { code, stdout } = await run('--list', '--lang', 'zh');
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe('cn-national-2.0\t2.0\tnational-2.0\t能力提升工程2.0（国家要求）');
    expect(stdout).toContain('cn-henan-2.0');
    expect(stdout).toContain('cn-national-1.0');
  });
});
