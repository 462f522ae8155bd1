import type { TeacherStatus } from '../../../../shared/domain';
import type { StoredAction, teacherStatus } from '../../db/schema';

/** Bumped when what a row holds changes meaning, so the start-up backfill recomputes every row. */
export const STATUS_ROW_VERSION = '2';

/** How many of the engine's next actions a row keeps (the school's reminder list shows them). */
const KEPT_ACTIONS = 5;

interface Versioned {
  programme: { id: string; dataVersion: string };
  catalogue: { id: string; dataVersion: string };
}

/** The row version plus the programme and catalogue data the engine ran on. */
export function engineVersionOf(status: Versioned): string {
  return `${STATUS_ROW_VERSION}/${status.programme.id}@${status.programme.dataVersion}/${status.catalogue.id}@${status.catalogue.dataVersion}`;
}

type Counts = Pick<
  typeof teacherStatus.$inferInsert,
  | 'state'
  | 'onlineMinutes'
  | 'practiceMinutes'
  | 'abilitiesChosen'
  | 'abilitiesSubmitted'
  | 'abilitiesGraded'
  | 'abilitiesPassed'
  | 'abilitiesExcellent'
  | 'grade'
  | 'unmetRequirements'
  | 'missing'
  | 'countedAbilities'
  | 'passedAbilities'
  | 'engineVersion'
>;

/** The engine's status reduced to the figures the school and county screens show: nothing is recalculated. */
export function statusFigures(status: TeacherStatus): Counts {
  const abilities = status.abilities;
  const graded = abilities.filter((a) => a.grade !== null);
  const passed = graded.filter((a) => a.grade === 'pass' || a.grade === 'excellent');
  const ready = status.state === 'ready_to_certify' || status.state === 'certified';
  const missing: StoredAction[] = status.nextActions.slice(0, KEPT_ACTIONS).map((a) => ({
    code: a.code,
    abilityCode: a.abilityCode,
    zh: a.message.zh,
    en: a.message.en,
  }));
  return {
    state: status.state,
    onlineMinutes: status.hours.counted.online.minutes,
    practiceMinutes: status.hours.counted.practice.minutes,
    abilitiesChosen: status.selection.counted,
    abilitiesSubmitted: abilities.filter((a) => a.submissionState === 'submitted' || a.submissionState === 'graded')
      .length,
    abilitiesGraded: graded.length,
    abilitiesPassed: passed.length,
    abilitiesExcellent: graded.filter((a) => a.grade === 'excellent').length,
    grade: status.excellent ? 'excellent' : ready ? 'pass' : null,
    unmetRequirements: status.requirements.filter((r) => !r.met).map((r) => r.id),
    missing,
    countedAbilities: status.selection.countedCodes,
    passedAbilities: passed.map((a) => a.code),
    engineVersion: engineVersionOf(status),
  };
}
