// The bench's world: a scratch database (PGlite in memory, or a database created on a server), a seeded tenant per
// column of the table and the generated completion file.
import type { Db } from '../../lti-tool/server/db/client';
import { enrolments, organisations, people, programmeInstances, tenants } from '../../lti-tool/server/db/schema';
import { upsertCourseMappings } from '../../lti-tool/server/services/completions/course-mappings';
import { createCompletionSource } from '../../lti-tool/server/services/completions/sources';
import { refreshTeacherStatuses } from '../../lti-tool/server/services/teacher-status/refresh';
import { scratchDatabase as benchScratch } from '../bench-scratch';

export const COURSES = ['A1', 'A3', 'A10', 'B2', 'C1'].map((code) => ({
  courseRef: `${code} 微能力点课程`,
  abilityCode: code,
  hours: 2,
}));

/**
 * A scratch database for the import bench (scripts/bench-scratch.ts), named bench_import_… on a server. No `url`
 * means PGlite, even when DATABASE_URL is set (bench-scratch's default would pick the server for both columns).
 */
export const scratchDatabase = (url?: string) => benchScratch('bench_import', url ?? '');

export async function seedTenant(db: Db, slug: string, teachers: number) {
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
    const enrolled = await db
      .insert(enrolments)
      .values(
        persons.map((p) => ({ tenantId, programmeInstanceId: instance!.id, personId: p.id, schoolId: school!.id })),
      )
      .returning({ id: enrolments.id });
    // Every enrolment in service has its status row (the roster import writes it in its transaction): the import
    // then updates rows, as it does in service, instead of inserting them.
    await db.transaction((tx) =>
      refreshTeacherStatuses(
        tx,
        enrolled.map((e) => e.id),
        { activity: false },
      ),
    );
  }
  await upsertCourseMappings(db, tenantId, COURSES);
  const { source } = await createCompletionSource(db, tenantId, { name: 'bench', kind: 'file' });
  return { tenantId, source };
}

export function buildCsv(teachers: number): { csv: string; rows: string[][] } {
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

/**
 * The same rows sorted by course, as Moodle's per-course reports arrive: every batch then names teachers who already
 * hold completions from earlier batches (the teacher-sorted file never does), which once made the import 30× COPY.
 */
export function courseSortedCsv(rows: string[][]): string {
  const sorted = rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => (a.row[1]! < b.row[1]! ? -1 : a.row[1]! > b.row[1]! ? 1 : a.i - b.i))
    .map(({ row }) => row.join(','));
  return ['teacher_email,course_ref,completed_at', ...sorted].join('\n') + '\n';
}
