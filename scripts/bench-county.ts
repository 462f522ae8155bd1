/**
 * `npx tsx scripts/bench-county.ts`: the county overview (every school's figures, heat map and progress, read from
 * teacher_status) at 2,000 and 20,000 teachers (and 100,000 on PostgreSQL), median of 5 runs. Baseline, same run:
 * `count(*)` of the same rows, the least any county screen could do; the ratio compares across machines.
 * On PostgreSQL also the province roll-up at 100,000 and 1,000,000 synthetic teachers (provinceSeries): the grouped
 * summaries (a row per city, per county, per school) against the per-school overview of the whole province.
 * PGlite in memory, or a scratch database on DATABASE_URL. Writes its section of docs/benchmarks.md.
 * BENCH_EXPLAIN=1 prints EXPLAIN (ANALYZE, BUFFERS) of the summaries' statements at each province size.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { sql } from 'drizzle-orm';
import { type Db } from '../lti-tool/server/db/client';
import { migrate } from '../lti-tool/server/db/migrate';
import { seedDemo } from '../lti-tool/server/demo/seed';
import { ensureTenant } from '../lti-tool/server/services/platform-admin';
import { overview } from '../lti-tool/server/services/schools/overview';
import { oversightScope, type OversightScope } from '../lti-tool/server/services/schools/scope';
import { summary, summaryStatements } from '../lti-tool/server/services/schools/summary';
import { backfillTeacherStatus } from '../lti-tool/server/services/teacher-status/backfill';
import { createBlobStore } from '../lti-tool/server/storage';
import { scratchDatabase } from './bench-scratch';
import { machineFacts, replaceMarkedSection } from './bench-report';
import { addSchools, addTeachers, provinceTenant } from './bench-synthetic';

const START = '<!-- bench:county:start -->';
const END = '<!-- bench:county:end -->';

const scratch = () => scratchDatabase('county_bench');

async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

const adminOf = (tenantId: string) => ({
  tenantId,
  personId: null,
  roles: ['institution_admin' as const],
  label: 'bench',
  client: 'system' as const,
  requestId: null,
});

const ms = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(0)} ms`);
const countOf = (db: Db, instanceId: string) =>
  db.execute(sql`select count(*) from teacher_status where programme_instance_id = ${instanceId}`);

/** The county series: the demo county grown to each size, its whole overview against count(*). */
async function countySeries(db: Db, t: { tenantId: string; countyId: string; instanceId: string }, have: number) {
  const rows: string[] = [];
  const sizes = process.env.DATABASE_URL ? [2_000, 20_000, 100_000] : [2_000, 20_000];
  for (const [i, size] of sizes.entries()) {
    const n = size - have;
    await addSchools(db, t.tenantId, [t.countyId], Math.max(1, Math.round(n / 100)), `B${i}`);
    await addTeachers(db, t, t.tenantId, n, `B${i}`);
    have = size;
    await db.execute(sql`analyze`);
    const scope = await oversightScope(db, adminOf(t.tenantId), t.instanceId);
    let schools = 0;
    const view = await median(5, async () => (schools = (await overview(db, scope)).schools.length));
    const base = await median(5, () => countOf(db, t.instanceId));
    rows.push(
      `| ${size.toLocaleString('en')} | ${schools} | ${ms(view)} | ${base.toFixed(1)} ms | ${(view / base).toFixed(1)} |`,
    );
    console.log(rows.at(-1));
  }
  return rows;
}

const CITIES = 16;
const COUNTIES_PER_CITY = 10;
const PER_SCHOOL = 100;
const BATCH = 100_000;

/** EXPLAIN (ANALYZE, BUFFERS) of a summary's figures and heat-map statements, printed (BENCH_EXPLAIN=1). */
async function explain(db: Db, label: string, scope: OversightScope, organisationId: string) {
  if (process.env.BENCH_EXPLAIN !== '1') return;
  const rows = (await summary(db, scope, organisationId)).rows.map((r) => r.id);
  const q = summaryStatements(scope, rows);
  for (const [name, statement] of [
    ['figures', q.figures],
    ['heat map', q.heat],
  ] as const) {
    // As the service runs them: JIT off (services/schools/summary.ts).
    const plan = (await db.transaction(async (tx) => {
      await tx.execute(sql`set local jit = off`);
      return tx.execute(sql`explain (analyze, buffers) ${statement}`);
    })) as unknown as { rows: { 'QUERY PLAN': string }[] };
    console.log(`--- ${label}: ${name}\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
  }
}

/**
 * The province series (PostgreSQL only): a second tenant, province → 16 cities → 160 counties, grown to 100,000
 * and then 1,000,000 teachers (100 per school, in statements of 100,000). Timed at each size: the grouped summary
 * of the whole province (a row per city), of one city (a row per county) and of one county (a row per school);
 * the per-school overview of the whole province (every school's row, what the province screen read before the
 * summary); and count(*). After each size `vacuum analyze`, as autovacuum would leave an insert-only table.
 */
async function provinceSeries(db: Db, sourceTenantId: string, sourceInstanceId: string) {
  const tenantId = await ensureTenant(db, 'bench-province', '基准省');
  const p = await provinceTenant(db, tenantId, sourceInstanceId, CITIES, COUNTIES_PER_CITY);
  const t = { tenantId, instanceId: p.instanceId };
  const rows: string[] = [];
  let have = 0;
  let batch = 0;
  for (const size of [100_000, 1_000_000]) {
    if (size > Number(process.env.BENCH_PROVINCE_MAX ?? 1_000_000)) break;
    const t0 = performance.now();
    for (; have < size; have += BATCH, batch++) {
      await addSchools(db, tenantId, p.countyIds, BATCH / PER_SCHOOL, `P${batch}`);
      await addTeachers(db, t, sourceTenantId, BATCH, `P${batch}`);
    }
    await db.execute(sql`vacuum analyze`);
    const made = performance.now() - t0;
    const scope = await oversightScope(db, adminOf(tenantId), t.instanceId);
    let cities = 0;
    let teachers = 0;
    const province = await median(3, async () => {
      const view = await summary(db, scope);
      cities = view.rows.length;
      teachers = view.total.teachers;
    });
    const city = await median(3, () => summary(db, scope, p.cityIds[0]));
    const county = await median(3, () => summary(db, scope, p.countyIds[0]));
    let schools = 0;
    const perSchool = await median(3, async () => (schools = (await overview(db, scope)).schools.length));
    const base = await median(3, () => countOf(db, t.instanceId));
    await explain(db, `province ${size}`, scope, scope.roots[0]!.id);
    await explain(db, `city ${size}`, scope, p.cityIds[0]!);
    await explain(db, `county ${size}`, scope, p.countyIds[0]!);
    rows.push(
      `| ${teachers.toLocaleString('en')} | ${schools.toLocaleString('en')} | ${ms(province)} (${cities} rows) | ${ms(city)} | ${ms(county)} | ${ms(perSchool)} | ${base.toFixed(1)} ms | ${(province / base).toFixed(2)} | ${(perSchool / base).toFixed(1)} | ${ms(made)} |`,
    );
    console.log(rows.at(-1));
  }
  return rows;
}

async function main() {
  const { database, kind, drop } = await scratch();
  let county: string[] = [];
  let province: string[] = [];
  try {
    const db = database.db;
    await migrate(db);
    const tenantId = await ensureTenant(db, 'bench', '基准');
    const demo = await seedDemo(db, { tenantId, storage: createBlobStore({ dataDir: tmpdir() }) });
    await backfillTeacherStatus(db);
    const t = { tenantId, countyId: demo.countyId, instanceId: demo.programmeInstanceId };
    county = await countySeries(db, t, demo.teachers.length);
    if (process.env.DATABASE_URL) province = await provinceSeries(db, tenantId, t.instanceId);
  } finally {
    await drop();
  }
  const m = machineFacts();
  const provinceText = province.length
    ? `
### Province roll-up

Same run, a second tenant: one province, ${CITIES} cities, ${CITIES * COUNTIES_PER_CITY} counties, ${PER_SCHOOL} teachers
per school, generated set-based (\`generate_series\` into organisations, people, enrolments and \`teacher_status\`, each
status row a copy of one the engine computed for the demo county), then \`vacuum analyze\`. The grouped summary
(\`services/schools/summary.ts\`, \`GET /api/v1/schools/summary\`: figures, heat map and progress, a GROUP BY of the
status rows per school and then per row) at each level: the whole province (a row per city), one city (a row per
county), one county (a row per school); then the per-school overview of the whole province (every school's row,
what the province screen read before). Median of 3 after a warm-up; baseline \`count(*)\` of the province's rows.

| Teachers | Schools | Province summary | One city | One county | Per-school province overview | count(*) baseline | Summary / count(*) | Per-school / count(*) | Generated in |
|---|---|---|---|---|---|---|---|---|---|
${province.join('\n')}
`
    : `
The province roll-up (1,000,000 teachers) runs on PostgreSQL only (\`DATABASE_URL\`).
`;
  const section = `${START}
## County overview (issue 11)

\`npx tsx scripts/bench-county.ts\` (${kind}; ${m.date}, Node ${m.node}, ${m.cpu} × ${m.cores}, load ${m.load}): the
whole county overview service (figures per school, abilities × schools heat map, progress over time) read from
\`teacher_status\`, median of 5 after a warm-up. Baseline, same run: \`count(*)\` of the same rows.

| Teachers | Schools | Overview | count(*) baseline | Ratio |
|---|---|---|---|---|
${county.join('\n')}
${provinceText}${END}`;
  const path = 'docs/benchmarks.md';
  writeFileSync(path, replaceMarkedSection(readFileSync(path, 'utf8'), section, { start: START, end: END }));
}

void main();
