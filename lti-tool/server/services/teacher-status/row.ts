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

export type StatusFigures = Pick<
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
export function statusFigures(status: TeacherStatus): StatusFigures {
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

const same = <T>(a: T, b: T) => a === b;
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);
/** Field by field equality of two figure sets (the mapped type fails to compile when statusFigures gains a field). */
const SAME: { [K in keyof StatusFigures]-?: (a: StatusFigures[K], b: StatusFigures[K]) => boolean } = {
  state: same,
  onlineMinutes: same,
  practiceMinutes: same,
  abilitiesChosen: same,
  abilitiesSubmitted: same,
  abilitiesGraded: same,
  abilitiesPassed: same,
  abilitiesExcellent: same,
  grade: same,
  unmetRequirements: sameList,
  missing: (a, b) =>
    a.length === b.length &&
    a.every((x, i) => {
      const y = b[i]!;
      return x.code === y.code && x.abilityCode === y.abilityCode && x.zh === y.zh && x.en === y.en;
    }),
  countedAbilities: sameList,
  passedAbilities: sameList,
  engineVersion: same,
};
const COMPARED = Object.entries(SAME) as [keyof StatusFigures, (a: unknown, b: unknown) => boolean][];

/**
 * Numbers distinct figure sets (most teachers of a bulk refresh share theirs): a short key of the counts and codes
 * finds the candidates, and equality is checked field by field, so no teacher's figures are serialised whole.
 */
export class FigureSets {
  private readonly byKey = new Map<string, Array<{ figures: StatusFigures; id: number }>>();
  private size = 0;

  /** The set's number, and whether it was seen for the first time. */
  idOf(figures: StatusFigures): { id: number; added: boolean } {
    const f = figures;
    const key = `${f.state} ${f.onlineMinutes} ${f.practiceMinutes} ${f.abilitiesSubmitted} ${f.abilitiesGraded} ${f.abilitiesPassed} ${f.grade} ${f.countedAbilities.join()} ${f.unmetRequirements.join()} ${f.missing.length && f.missing[0]!.code}`;
    let candidates = this.byKey.get(key);
    if (!candidates) this.byKey.set(key, (candidates = []));
    for (const seen of candidates)
      if (COMPARED.every(([name, eq]) => eq(seen.figures[name], f[name]))) return { id: seen.id, added: false };
    const id = this.size++;
    candidates.push({ figures, id });
    return { id, added: true };
  }
}
