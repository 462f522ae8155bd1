import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../lti-tool/server/db/client';
import { enrolments, ltiIdentities, organisations, people, programmeInstances } from '../../lti-tool/server/db/schema';
import { upsertCourseMappings } from '../../lti-tool/server/services/completions/course-mappings';
import {
  importCompletionFile,
  type ImportFileInput,
} from '../../lti-tool/server/services/completions/feeds/import-file';
import type { SheetBytes } from '../../lti-tool/server/services/completions/files/byte-source';
import { voidCompletion } from '../../lti-tool/server/services/completions/ledger';
import type { ClaimOutcome, FeedContext } from '../../lti-tool/server/services/completions/record';
import { createCompletionSource, findSource } from '../../lti-tool/server/services/completions/sources';
import { insertTenantWithPlatform } from '../db/seed';
import { MOODLE_FIXTURES } from '../fixtures/moodle';

/** The real Moodle 5.1.3 report exports (test/fixtures/moodle-5.1/exports, see its README). */
export const EXPORTS = join(MOODLE_FIXTURES, 'exports');
export const exportFile = (name: string) => new Uint8Array(readFileSync(join(EXPORTS, name)));
/** Hand-made variants of those exports, one change each (test/fixtures/moodle-5.1/variants/README.md). */
export const VARIANTS = join(MOODLE_FIXTURES, 'variants');
export const variantFile = (name: string) => new Uint8Array(readFileSync(join(VARIANTS, name)));

/** The four activities of the fixture course (NLTS2-DEMO), each a 2-hour micro-ability course. */
export const FIXTURE_COURSES = [
  { courseRef: 'A1 技术支持的学情分析', abilityCode: 'A1', hours: 2 },
  { courseRef: 'A3 演示文稿设计与制作', abilityCode: 'A3', hours: 2 },
  { courseRef: 'A10 技术支持的测验与练习', abilityCode: 'A10', hours: 2 },
  { courseRef: 'B2 微课程设计与制作', abilityCode: 'B2', hours: 2 },
];

/** Completions with a completion date in course-completion.csv, per teacher (t001 … t014). */
export const EXPECTED_COMPLETIONS: Record<string, number> = {
  t001: 4,
  t002: 4,
  t003: 4,
  t004: 2,
  t005: 4,
  t006: 1,
  t007: 0,
  t008: 3,
  t009: 4,
  t010: 1,
  t011: 2,
  t012: 0,
  t013: 4,
  t014: 2,
};

export interface FixtureWorld {
  tenantId: string;
  platformId: string;
  programmeInstanceId: string;
  adminPersonId: string;
  /** t001 … t014 → ids. */
  teachers: Map<string, { personId: string; enrolmentId: string }>;
}

/**
 * A tenant with the 14 trainee teachers of the Moodle fixture course: e-mails tNNN@teachers.example.com, LTI user
 * ids as Moodle assigns them (the `ID` column: t001 = 7 … t014 = 20), enrolled in a national 2.0 cohort, and the
 * four courses in the tenant's course catalogue.
 */
export async function seedFixtureWorld(
  db: Db,
  slug: string,
  options: { courses?: boolean } = {},
): Promise<FixtureWorld> {
  const world = await db.transaction(async (tx) => {
    const { tenantId, platform } = await insertTenantWithPlatform(tx, slug);
    const [county] = await tx
      .insert(organisations)
      .values({ tenantId, kind: 'county', code: '410329', name: '伊川县' })
      .returning();
    const [school] = await tx
      .insert(organisations)
      .values({
        tenantId,
        parentId: county!.id,
        kind: 'school',
        code: 'S001',
        name: '伊川县第一实验小学',
        teachingEnvironment: 'blended',
      })
      .returning();
    const [instance] = await tx
      .insert(programmeInstances)
      .values({
        tenantId,
        definitionId: 'cn-national-2.0',
        definitionVersion: '1',
        regionOrganisationId: county!.id,
        name: '2025 cohort',
        startYear: 2025,
        endYear: 2027,
      })
      .returning();
    const [admin] = await tx.insert(people).values({ tenantId, displayName: '郑红' }).returning();
    const teachers = new Map<string, { personId: string; enrolmentId: string }>();
    for (let n = 1; n <= 14; n++) {
      const key = `t${String(n).padStart(3, '0')}`;
      const [person] = await tx
        .insert(people)
        .values({ tenantId, displayName: `教师 ${key}`, email: `${key.toUpperCase()}@Teachers.Example.com` })
        .returning();
      await tx
        .insert(ltiIdentities)
        .values({ tenantId, platformId: platform!.id, subject: String(6 + n), personId: person!.id });
      const [enrolment] = await tx
        .insert(enrolments)
        .values({ tenantId, programmeInstanceId: instance!.id, personId: person!.id, schoolId: school!.id })
        .returning();
      teachers.set(key, { personId: person!.id, enrolmentId: enrolment!.id });
    }
    return {
      tenantId,
      platformId: platform!.id,
      programmeInstanceId: instance!.id,
      adminPersonId: admin!.id,
      teachers,
    };
  });
  if (options.courses !== false) await upsertCourseMappings(db, world.tenantId, FIXTURE_COURSES);
  return world;
}

/**
 * A file source feeding the fixture world's cohort from its platform, and `run`, which imports one file through it
 * as `npm run import` does (the source read afresh each time, as the command reads it).
 */
export async function fileImporter(db: Db, world: FixtureWorld, name = 'moodle-files') {
  const { source } = await createCompletionSource(db, world.tenantId, {
    name,
    kind: 'file',
    programmeInstanceId: world.programmeInstanceId,
    platformId: world.platformId,
  });
  const run = async (bytes: SheetBytes, fileName: string, extra: Partial<ImportFileInput> = {}) =>
    importCompletionFile(db, {
      tenantId: world.tenantId,
      source: (await findSource(db, world.tenantId, source.id))!,
      bytes,
      fileName,
      recorder: { system: 'cli:import' },
      actor: { actorLabel: 'cli:import', client: 'cli' },
      ...extra,
    });
  return { source, run };
}

/** An API client's feed in `world` (completions recorded before a file, or through the bulk write). */
export function apiFeed(
  world: FixtureWorld,
  sourceId: string,
  actor: FeedContext['actor'],
  recorder: FeedContext['recorder'] = { system: 'test' },
): FeedContext {
  return {
    tenantId: world.tenantId,
    sourceKind: 'api',
    sourceId,
    programmeInstanceId: world.programmeInstanceId,
    platformId: world.platformId,
    recorder,
    actor,
  };
}

/** Voids a completion recorded in `world` (by `recordCompletions`: its outcome), as an administrator would. */
export async function voidRecorded(db: Db, world: FixtureWorld, outcome: ClaimOutcome, actor: FeedContext['actor']) {
  if (outcome.status !== 'created') throw new Error(`nothing to void: the completion was ${outcome.status}`);
  await voidCompletion(db, {
    tenantId: world.tenantId,
    completionId: outcome.completionId,
    reason: '撤销',
    recorder: { system: 'test' },
    actor,
  });
}
