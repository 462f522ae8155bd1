import { and, eq } from 'drizzle-orm';
import {
  evaluateTeacher,
  findProgramme,
  getCatalogue,
  teacherRecordsSchema,
  type Catalogue,
  type Programme,
  type SchoolContext,
  type TeacherRecords,
  type TeacherStatus,
} from '../../../../shared/domain';
import type { Db } from '../../db/client';
import { enrolments, organisations, programmeInstances } from '../../db/schema';
import { instanceProgramme } from '../programme-instance-rules';
import { loadHourEntries } from './ledger';

export interface EnrolmentContext {
  enrolmentId: string;
  personId: string;
  programmeDefinitionId: string;
  /** The programme instance's parameter overrides (by dotted path), applied wherever its rules are evaluated. */
  parameterOverrides: Record<string, unknown>;
  school: SchoolContext;
}

/** The enrolment's school and programme, if the enrolment belongs to the tenant. */
export async function loadEnrolmentContext(
  db: Db,
  tenantId: string,
  enrolmentId: string,
): Promise<EnrolmentContext | undefined> {
  const [row] = await db
    .select({
      personId: enrolments.personId,
      definitionId: programmeInstances.definitionId,
      overrides: programmeInstances.parameterOverrides,
      schoolId: organisations.id,
      schoolName: organisations.name,
      environment: organisations.teachingEnvironment,
      shortlist: organisations.abilityShortlist,
    })
    .from(enrolments)
    .innerJoin(programmeInstances, eq(programmeInstances.id, enrolments.programmeInstanceId))
    .innerJoin(organisations, eq(organisations.id, enrolments.schoolId))
    .where(and(eq(enrolments.tenantId, tenantId), eq(enrolments.id, enrolmentId)));
  if (!row) return undefined;
  const school: SchoolContext = {
    id: row.schoolId,
    name: row.schoolName,
    // A school without a diagnosed environment is treated as the most limited one.
    environment: row.environment ?? 'multimedia',
  };
  if (row.shortlist) school.shortlist = row.shortlist;
  return {
    enrolmentId,
    personId: row.personId,
    programmeDefinitionId: row.definitionId,
    parameterOverrides: row.overrides,
    school,
  };
}

/**
 * The engine's input for an enrolment. Hours come from the ledger (`loadHourEntries`); selections and evidence
 * are empty here (the teacher-journey services add them).
 */
export async function loadTeacherRecords(db: Db, enrolmentId: string, teacherId?: string): Promise<TeacherRecords> {
  return teacherRecordsSchema.parse({
    ...(teacherId ? { teacherId } : {}),
    selections: [],
    hours: await loadHourEntries(db, enrolmentId),
    evidence: [],
  });
}

/**
 * Evaluates an enrolment's hours against its programme instance's rules (the definition with the instance's
 * parameter overrides, as every other screen runs them) or `options.programme`: the status a teacher or an auditor
 * sees, with caps and school-year windows applied by the engine. Undefined when the enrolment is not in the tenant
 * or its programme definition is unknown and none is given.
 */
export async function evaluateEnrolmentHours(
  db: Db,
  tenantId: string,
  enrolmentId: string,
  options: { programme?: Programme; catalogue?: Catalogue; asOf?: string } = {},
): Promise<TeacherStatus | undefined> {
  const context = await loadEnrolmentContext(db, tenantId, enrolmentId);
  if (!context) return undefined;
  const definition = findProgramme(context.programmeDefinitionId);
  const programme = options.programme ?? (definition && instanceProgramme(definition, context.parameterOverrides));
  if (!programme) return undefined;
  const catalogue = options.catalogue ?? getCatalogue(programme.catalogueId);
  const records = await loadTeacherRecords(db, enrolmentId, context.personId);
  return evaluateTeacher(programme, catalogue, context.school, records, options.asOf ? { asOf: options.asOf } : {});
}
