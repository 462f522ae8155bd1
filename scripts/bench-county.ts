/**
 * `npx tsx scripts/bench-county.ts`: the county overview (every school's figures, heat map and progress, read from
 * teacher_status) at 2,000 and 20,000 teachers (and 100,000 on PostgreSQL), median of 5 runs. Baseline, same run:
 * `count(*)` of the same rows, the least any county screen could do; the ratio compares across machines.
 * PGlite in memory, or a scratch database on DATABASE_URL. Writes its section of docs/benchmarks.md.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openPostgres, type Database, type Db } from '../lti-tool/server/db/client';
import { pgliteDatabase } from '../lti-tool/server/db/drivers';
import { migrate } from '../lti-tool/server/db/migrate';
import { seedDemo } from '../lti-tool/server/demo/seed';
import { ensureTenant } from '../lti-tool/server/services/platform-admin';
import { overview } from '../lti-tool/server/services/schools/overview';
import { oversightScope } from '../lti-tool/server/services/schools/scope';
import { backfillTeacherStatus } from '../lti-tool/server/services/teacher-status/backfill';
import { createBlobStore } from '../lti-tool/server/storage';
import { machineFacts, replaceMarkedSection } from './bench-report';

const START = '<!-- bench:county:start -->';
const END = '<!-- bench:county:end -->';

async function scratch(): Promise<{ database: Database; kind: string; drop: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const database = pgliteDatabase(await PGlite.create());
    return { database, kind: 'PGlite (in memory)', drop: () => database.close() };
  }
  const name = `bench_county_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = await openPostgres(target.toString());
  const drop = async () => {
    await database.close();
    const again = new pg.Client({ connectionString: url });
    await again.connect();
    await again.query(`drop database ${name} with (force)`);
    await again.end();
  };
  return { database, kind: 'PostgreSQL (DATABASE_URL)', drop };
}

/** Adds teachers in 10 schools per 1,000, each status row a copy of one the engine computed for the demo county. */
async function addTeachers(
  db: Db,
  t: { tenantId: string; countyId: string; instanceId: string },
  n: number,
  tag: string,
) {
  const schools = Math.max(1, Math.round(n / 100));
  await db.execute(sql`insert into organisations (tenant_id, parent_id, kind, code, name, teaching_environment)
    select ${t.tenantId}, ${t.countyId}, 'school', ${tag} || '-' || g, '基准学校' || ${tag} || g, 'multimedia'
    from generate_series(1, ${schools}) g`);
  await db.execute(sql`
    with p as (
      insert into people (tenant_id, display_name) select ${t.tenantId}, '教师' || g from generate_series(1, ${n}) g
      returning id),
    pn as (select id, row_number() over () as rn from p),
    s as (select id, row_number() over (order by code) - 1 as sn from organisations
          where tenant_id = ${t.tenantId} and code like ${`${tag}-%`}),
    e as (insert into enrolments (tenant_id, programme_instance_id, person_id, school_id)
          select ${t.tenantId}, ${t.instanceId}, pn.id, s.id from pn join s on s.sn = pn.rn % ${schools}
          returning id, school_id),
    en as (select id, school_id, row_number() over () as rn from e),
    src as (select *, row_number() over (order by enrolment_id) - 1 as k from teacher_status
            where tenant_id = ${t.tenantId} and school_id in (select id from organisations where code like 'DEMO-%'))
    insert into teacher_status (enrolment_id, tenant_id, programme_instance_id, school_id, state, online_minutes,
      practice_minutes, abilities_chosen, abilities_submitted, abilities_graded, abilities_passed, abilities_excellent,
      grade, unmet_requirements, missing, counted_abilities, passed_abilities, last_activity_at, completed_at,
      computed_at, engine_version)
    select en.id, ${t.tenantId}, ${t.instanceId}, en.school_id, src.state, src.online_minutes, src.practice_minutes,
      src.abilities_chosen, src.abilities_submitted, src.abilities_graded, src.abilities_passed,
      src.abilities_excellent, src.grade, src.unmet_requirements, src.missing, src.counted_abilities,
      src.passed_abilities, now() - (en.rn % 60) * interval '1 day',
      case when src.state in ('ready_to_certify', 'certified') then now() - (en.rn % 60) * interval '1 day' end,
      now(), src.engine_version
    from en join src on src.k = en.rn % (select count(*) from src)`);
}

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

async function main() {
  const { database, kind, drop } = await scratch();
  const rows: string[] = [];
  try {
    const db = database.db;
    await migrate(db);
    const tenantId = await ensureTenant(db, 'bench', '基准');
    const demo = await seedDemo(db, { tenantId, storage: createBlobStore({ dataDir: tmpdir() }) });
    await backfillTeacherStatus(db);
    const t = { tenantId, countyId: demo.countyId, instanceId: demo.programmeInstanceId };
    const actor = {
      tenantId,
      personId: null,
      roles: ['institution_admin' as const],
      label: 'bench',
      client: 'system' as const,
      requestId: null,
    };
    const sizes = process.env.DATABASE_URL ? [2_000, 20_000, 100_000] : [2_000, 20_000];
    let have = demo.teachers.length;
    for (const [i, size] of sizes.entries()) {
      await addTeachers(db, t, size - have, `B${i}`);
      have = size;
      await db.execute(sql`analyze`);
      const scope = await oversightScope(db, actor, t.instanceId);
      let schools = 0;
      const view = await median(5, async () => (schools = (await overview(db, scope)).schools.length));
      const base = await median(5, () =>
        db.execute(sql`select count(*) from teacher_status where programme_instance_id = ${t.instanceId}`),
      );
      rows.push(
        `| ${size.toLocaleString('en')} | ${schools} | ${view.toFixed(0)} ms | ${base.toFixed(1)} ms | ${(view / base).toFixed(1)} |`,
      );
      console.log(rows.at(-1));
    }
  } finally {
    await drop();
  }
  const m = machineFacts();
  const section = `${START}
## County overview (issue 11)

\`npx tsx scripts/bench-county.ts\` (${kind}; ${m.date}, Node ${m.node}, ${m.cpu} × ${m.cores}, load ${m.load}): the
whole county overview service (figures per school, abilities × schools heat map, progress over time) read from
\`teacher_status\`, median of 5 after a warm-up. Baseline, same run: \`count(*)\` of the same rows.

| Teachers | Schools | Overview | count(*) baseline | Ratio |
|---|---|---|---|---|
${rows.join('\n')}
${END}`;
  const path = 'docs/benchmarks.md';
  writeFileSync(path, replaceMarkedSection(readFileSync(path, 'utf8'), section, { start: START, end: END }));
}

void main();
