import { getTableColumns, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { copyCell, copyRows, type CopyValue } from '../../db/bulk-copy';
import type { Db } from '../../db/client';
import { teacherStatus } from '../../db/schema';
import { FigureSets, type StatusFigures } from './row';

// The bulk refresh's rows, staged and merged by one statement. Most teachers of an import share their figures (state,
// minutes, counts, unmet requirements, next actions…): each distinct figure set is COPYed once into a small table,
// and a teacher is a line of ids naming theirs, so the server parses a jsonb and four arrays per figure set rather
// than per teacher (20,000 teachers: ~250 ms of COPY, mostly that parsing). The moment goes in as one parameter.

type Key = keyof typeof teacherStatus.$inferInsert;
const COLUMNS: Record<string, PgColumn> = getTableColumns(teacherStatus);

/** The figure columns: statusFigures' keys (the `satisfies` fails to compile if one is left out). */
const FIGURES = Object.keys({
  state: 1,
  onlineMinutes: 1,
  practiceMinutes: 1,
  abilitiesChosen: 1,
  abilitiesSubmitted: 1,
  abilitiesGraded: 1,
  abilitiesPassed: 1,
  abilitiesExcellent: 1,
  grade: 1,
  unmetRequirements: 1,
  missing: 1,
  countedAbilities: 1,
  passedAbilities: 1,
  engineVersion: 1,
} satisfies Record<keyof StatusFigures, 1>) as (keyof StatusFigures)[];
/** What is the teacher's own: the enrolment's ids (the moments are the refresh's). */
const OWN = ['enrolmentId', 'tenantId', 'programmeInstanceId', 'schoolId', 'groupId'] as const satisfies Key[];
const MOMENTS = ['lastActivityAt', 'completedAt', 'computedAt'] as const satisfies Key[];
// Every column is in exactly one of the three lists (fails to compile when the table gains one).
const everyColumn: Exclude<
  Key,
  (typeof FIGURES)[number] | (typeof OWN)[number] | (typeof MOMENTS)[number]
> extends never
  ? true
  : never = true;
void everyColumn;

const nameOf = (key: string) => COLUMNS[key]!.name;
const definitions = (keys: readonly string[]) => keys.map((k) => `${nameOf(k)} ${COLUMNS[k]!.getSQLType()}`).join(', ');

/** One teacher's row before the merge: their enrolment's ids and the engine's figures. */
export interface StagedStatus {
  enrolmentId: string;
  tenantId: string;
  programmeInstanceId: string;
  schoolId: string;
  groupId: string | null;
  figures: StatusFigures;
}

/** The staging tables of one bulk refresh, in its transaction (dropped at commit). */
export class StatusStage {
  private readonly sets = new FigureSets();
  private size = 0;

  private constructor(private readonly tx: Db) {}

  static async open(tx: Db): Promise<StatusStage> {
    // A transaction may refresh more than once (an import refreshes every few batches).
    await tx.execute(sql`drop table if exists pg_temp.teacher_status_figures, pg_temp.teacher_status_own`);
    await tx.execute(
      sql.raw(`create temp table teacher_status_figures (figures integer, ${definitions(FIGURES)}) on commit drop`),
    );
    await tx.execute(
      sql.raw(`create temp table teacher_status_own (${definitions(OWN)}, figures integer) on commit drop`),
    );
    return new StatusStage(tx);
  }

  /** COPYs the rows: each figure set not staged before into the figures table, each teacher into the other. */
  async add(rows: readonly StagedStatus[]): Promise<void> {
    const figureLines: string[] = [];
    let own = '';
    for (const row of rows) {
      const { id, added } = this.sets.idOf(row.figures);
      if (added) figureLines.push(figureLine(id, row.figures));
      own += `${row.enrolmentId}\t${row.tenantId}\t${row.programmeInstanceId}\t${row.schoolId}\t${row.groupId ?? '\\N'}\t${id}\n`;
    }
    if (figureLines.length) {
      await copyRows(this.tx, 'teacher_status_figures', ['figures', ...FIGURES.map(nameOf)], figureLines);
    }
    if (own) await copyRows(this.tx, 'teacher_status_own', [...OWN.map(nameOf), 'figures'], [own]);
    this.size += rows.length;
  }

  /**
   * Inserts or updates every staged teacher's row, with the single refresh's values: `now` as computed_at, as
   * last_activity_at when the change is the teacher's activity (a row's earlier one is kept otherwise), and as
   * completed_at when the teacher is complete, unless the row already shows them complete since an earlier day.
   */
  async merge(now: Date, activity: boolean): Promise<void> {
    if (this.size === 0) return;
    const at = sql`${now.toISOString()}::timestamptz`;
    const complete = `f.state in ('ready_to_certify', 'certified')`;
    const updated = [...OWN.slice(2), ...FIGURES, 'computedAt', ...(activity ? ['lastActivityAt'] : [])].map(nameOf);
    await this.tx.execute(sql`
      insert into teacher_status (${sql.raw([...OWN, ...FIGURES, ...MOMENTS].map(nameOf).join(', '))})
      select ${sql.raw([...OWN.map((k) => `o.${nameOf(k)}`), ...FIGURES.map((k) => `f.${nameOf(k)}`)].join(', '))},
        ${activity ? at : sql`null`}, case when ${sql.raw(complete)} then ${at} end, ${at}
      from teacher_status_own o join teacher_status_figures f on f.figures = o.figures
      on conflict (enrolment_id) do update set
        ${sql.raw(updated.map((c) => `${c} = excluded.${c}`).join(', '))},
        completed_at = case when excluded.state in ('ready_to_certify', 'certified')
          then coalesce(teacher_status.completed_at, excluded.completed_at) else null end`);
  }
}

/** A figure set's COPY line, each value mapped as Drizzle maps it (jsonb as JSON, arrays as literals). */
function figureLine(id: number, figures: StatusFigures): string {
  let line = String(id);
  for (const key of FIGURES) {
    const value = figures[key];
    line += '\t' + (value == null ? '\\N' : copyCell(COLUMNS[key]!.mapToDriverValue(value) as CopyValue));
  }
  return line + '\n';
}
