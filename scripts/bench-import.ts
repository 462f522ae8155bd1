/**
 * `npm run bench:import`: imports 100,000 completion rows (a generic-layout CSV: 20,000 teachers × 5 courses)
 * through `importCompletionFile` — parse, resolve teachers and courses in bulk, multi-row inserts of completions and
 * ledger credits, one audit event per teacher — and, in the same run, the same rows with a row-by-row baseline
 * (per row: look the teacher up, insert the completion, insert the ledger credit, write its audit event; one
 * transaction). Each runs into its own, identically seeded tenant of a scratch database: PGlite in memory by
 * default, or a database created (and dropped) on the DATABASE_URL server. Writes its section of
 * docs/benchmarks.md between its markers; other sections stay as they are.
 */
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { machineFacts, replaceMarkedSection } from './bench-report';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { and, eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { openPostgres, type Database, type Db } from '../lti-tool/server/db/client';
import { pgliteDatabase } from '../lti-tool/server/db/drivers';
import { migrate } from '../lti-tool/server/db/migrate';
import {
  courseCompletions,
  enrolments,
  hoursLedgerEntries,
  organisations,
  people,
  programmeInstances,
  tenants,
} from '../lti-tool/server/db/schema';
import { recordAudit } from '../lti-tool/server/services/audit';
import { upsertCourseMappings } from '../lti-tool/server/services/completions/course-mappings';
import { importCompletionFile } from '../lti-tool/server/services/completions/feeds/import-file';
import { createCompletionSource } from '../lti-tool/server/services/completions/sources';
import { schoolYearOf } from '../lti-tool/server/services/completions/time';

export const START = '<!-- bench:import:start -->';
export const END = '<!-- bench:import:end -->';
const COURSES = ['A1', 'A3', 'A10', 'B2', 'C1'].map((code) => ({
  courseRef: `${code} 微能力点课程`,
  abilityCode: code,
  hours: 2,
}));

async function scratchDatabase(): Promise<{ database: Database; kind: string; drop: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const database = pgliteDatabase(await PGlite.create());
    return { database, kind: 'PGlite (in memory)', drop: () => database.close() };
  }
  const name = `bench_import_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = await openPostgres(target.toString());
  return {
    database,
    kind: 'PostgreSQL (DATABASE_URL)',
    drop: async () => {
      await database.close();
      const again = new pg.Client({ connectionString: url });
      await again.connect();
      await again.query(`drop database ${name} with (force)`);
      await again.end();
    },
  };
}

async function seedTenant(db: Db, slug: string, teachers: number) {
  const [tenant] = await db.insert(tenants).values({ slug, name: slug }).returning();
  const tenantId = tenant!.id;
  const [county] = await db
    .insert(organisations)
    .values({ tenantId, kind: 'county', code: 'C', name: '县' })
    .returning();
  const [school] = await db
    .insert(organisations)
    .values({ tenantId, kind: 'school', code: 'S', name: '校', parentId: county!.id, teachingEnvironment: 'smart' })
    .returning();
  const [instance] = await db
    .insert(programmeInstances)
    .values({
      tenantId,
      definitionId: 'cn-national-2.0',
      definitionVersion: '1',
      regionOrganisationId: county!.id,
      name: 'bench',
      startYear: 2025,
      endYear: 2027,
    })
    .returning();
  for (let start = 0; start < teachers; start += 2000) {
    const batch = Array.from({ length: Math.min(2000, teachers - start) }, (_, i) => start + i);
    const persons = await db
      .insert(people)
      .values(batch.map((n) => ({ tenantId, displayName: `教师${n}`, email: `t${n}@bench.example.cn` })))
      .returning({ id: people.id });
    await db
      .insert(enrolments)
      .values(
        persons.map((p) => ({ tenantId, programmeInstanceId: instance!.id, personId: p.id, schoolId: school!.id })),
      );
  }
  await upsertCourseMappings(db, tenantId, COURSES);
  const { source } = await createCompletionSource(db, tenantId, { name: 'bench', kind: 'file' });
  return { tenantId, source };
}

function buildCsv(teachers: number): { csv: string; rows: string[][] } {
  const rows: string[][] = [];
  for (let n = 0; n < teachers; n++) {
    COURSES.forEach((c, i) => {
      const day = String(1 + ((n + i) % 28)).padStart(2, '0');
      rows.push([`t${n}@bench.example.cn`, c.courseRef, `2025-11-${day} 10:00:00`]);
    });
  }
  const csv = ['teacher_email,course_ref,completed_at', ...rows.map((r) => r.join(','))].join('\n') + '\n';
  return { csv, rows };
}

/** The naive importer: every row on its own, one statement at a time. */
async function rowByRow(db: Db, tenantId: string, sourceId: string, rows: string[][]): Promise<number> {
  let created = 0;
  await db.transaction(async (tx) => {
    for (const [index, [email, courseRef, completed]] of rows.entries()) {
      const [teacher] = await tx
        .select({ personId: people.id, enrolmentId: enrolments.id })
        .from(people)
        .innerJoin(enrolments, eq(enrolments.personId, people.id))
        .where(and(eq(people.tenantId, tenantId), eq(sql`lower(${people.email})`, email!.toLowerCase())));
      const course = COURSES.find((c) => c.courseRef === courseRef)!;
      const completedAt = new Date(`${completed!.replace(' ', 'T')}+08:00`);
      const [completion] = await tx
        .insert(courseCompletions)
        .values({
          tenantId,
          enrolmentId: teacher!.enrolmentId,
          courseRef: course.courseRef,
          courseTitle: course.courseRef,
          abilityCode: course.abilityCode,
          hours: course.hours.toFixed(2),
          completedAt,
          sourceKind: 'file',
          sourceId,
          externalId: `${email}|${courseRef}`,
          provenance: { row: index + 2 },
        })
        .onConflictDoNothing()
        .returning({ id: courseCompletions.id });
      if (!completion) continue;
      const [entry] = await tx
        .insert(hoursLedgerEntries)
        .values({
          tenantId,
          enrolmentId: teacher!.enrolmentId,
          category: 'online',
          hours: course.hours.toFixed(2),
          schoolYear: schoolYearOf(completedAt),
          sourceKind: 'course_completion',
          courseCompletionId: completion.id,
          recordedBySystem: 'bench:row-by-row',
        })
        .returning({ id: hoursLedgerEntries.id });
      await recordAudit(tx, {
        tenantId,
        subjectPersonId: teacher!.personId,
        actorLabel: 'bench',
        client: 'cli',
        action: 'hours.credit',
        entityType: 'hours_ledger_entry',
        entityId: entry!.id,
      });
      created++;
    }
  });
  return created;
}

export interface ImportBenchResult {
  date: string;
  node: string;
  cpu: string;
  cores: number;
  load: number;
  database: string;
  rows: number;
  teachers: number;
  importMs: number;
  importCreated: number;
  reimportMs: number;
  reimportUnchanged: number;
  baselineMs: number;
  baselineCreated: number;
}

export async function runBenchmark(teachers: number): Promise<ImportBenchResult> {
  const { database, kind, drop } = await scratchDatabase();
  try {
    await migrate(database.db);
    const db = database.db;
    const ours = await seedTenant(db, 'bench-bulk', teachers);
    const naive = await seedTenant(db, 'bench-row-by-row', teachers);
    const { csv, rows } = buildCsv(teachers);
    const bytes = new TextEncoder().encode(csv);
    const input = {
      tenantId: ours.tenantId,
      source: ours.source,
      bytes,
      fileName: 'bench.csv',
      recorder: { system: 'bench:import' },
      actor: { actorLabel: 'bench', client: 'cli' as const },
    };
    let t = performance.now();
    const report = await importCompletionFile(db, input);
    const importMs = performance.now() - t;
    t = performance.now();
    const again = await importCompletionFile(db, input);
    const reimportMs = performance.now() - t;
    t = performance.now();
    const baselineCreated = await rowByRow(db, naive.tenantId, naive.source.id, rows);
    const baselineMs = performance.now() - t;
    return {
      ...machineFacts(),
      database: kind,
      rows: rows.length,
      teachers,
      importMs,
      importCreated: report.summary.created,
      reimportMs,
      reimportUnchanged: again.summary.unchanged,
      baselineMs,
      baselineCreated,
    };
  } finally {
    await drop();
  }
}

export function renderSection(r: ImportBenchResult): string {
  const perSecond = (ms: number) => Math.round((r.rows / ms) * 1000).toLocaleString('en');
  return `${START}
## Completion import

\`npm run bench:import\` (scripts/bench-import.ts): ${r.rows.toLocaleString('en')} completion rows (${r.teachers.toLocaleString('en')}
teachers × 5 courses, generic CSV layout) imported with \`importCompletionFile\` into ${r.database}: parse, bulk
resolution of teachers and courses, multi-row inserts of completions and ledger credits, one audit event per
teacher, all in one transaction. Baseline, same run, into an identically seeded tenant: row by row (look up the
teacher, insert the completion, insert the credit, \`recordAudit\`; one transaction). Re-import: the same file again
(every row \`unchanged\`, nothing written).

| Date | Node | CPU | Load | Database | Rows | Import | Rows/s | Re-import | Row-by-row baseline | Rows/s | Speed-up |
|---|---|---|---|---|---|---|---|---|---|---|---|
| ${r.date} | ${r.node} | ${r.cpu} (${r.cores} cores) | ${r.load} | ${r.database} | ${r.rows} | ${(r.importMs / 1000).toFixed(1)} s | ${perSecond(r.importMs)} | ${(r.reimportMs / 1000).toFixed(1)} s | ${(r.baselineMs / 1000).toFixed(1)} s | ${perSecond(r.baselineMs)} | ${(r.baselineMs / r.importMs).toFixed(1)}× |

Checks: import created ${r.importCreated}, re-import left ${r.reimportUnchanged} unchanged, baseline created ${r.baselineCreated}
(one run on a shared machine; compare the speed-up rather than absolute times).
${END}`;
}

export function replaceSection(doc: string, section: string): string {
  return replaceMarkedSection(doc, section, { start: START, end: END });
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { teachers: { type: 'string', default: '20000' }, 'no-write': { type: 'boolean' } },
  });
  const teachers = Number(values.teachers);
  if (!Number.isInteger(teachers) || teachers <= 0) {
    console.error('--teachers must be a positive integer');
    return 2;
  }
  const result = await runBenchmark(teachers);
  console.log(JSON.stringify(result, null, 2));
  if (result.importCreated !== result.rows || result.baselineCreated !== result.rows) {
    console.error('benchmark check failed: not every row was created');
    return 1;
  }
  if (!values['no-write']) {
    const file = new URL('../docs/benchmarks.md', import.meta.url);
    const doc = await readFile(file, 'utf8').catch(() => '');
    await writeFile(file, replaceSection(doc, renderSection(result)));
    console.log('docs/benchmarks.md updated');
  }
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
