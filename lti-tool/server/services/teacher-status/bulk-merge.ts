import { getTableColumns, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { copyCell, copyRowsAhead, settleCopies, type CopyValue } from '../../db/bulk-copy';
import type { Db } from '../../db/client';
import { teacherStatus } from '../../db/schema';
import { FigureSets, type StatusFigures } from './row';

// The bulk refresh's rows, staged and merged by one statement. Most teachers of an import share their figures (state,
// minutes, counts, unmet requirements, next actions…): each distinct figure set is COPYed once into a small table,
// and so is each place (tenant, programme, school, group), and a teacher is a line of three ids (enrolment, place,
// figure set). The server parses a jsonb and three arrays per figure set rather than per teacher (20,000 teachers:
// staging ~250 -> ~50 ms). The moments go in as one parameter.

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
/** Where the teacher is enrolled: shared by a school's (or a group's) teachers, staged once as well. */
const PLACE = ['tenantId', 'programmeInstanceId', 'schoolId', 'groupId'] as const satisfies Key[];
const MOMENTS = ['lastActivityAt', 'completedAt', 'computedAt'] as const satisfies Key[];
// Every column is the key or in one of the three lists (fails to compile when the table gains one).
const everyColumn: Exclude<
  Key,
  'enrolmentId' | (typeof FIGURES)[number] | (typeof PLACE)[number] | (typeof MOMENTS)[number]
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
  private readonly places = new Map<string, number>();
  private size = 0;

  private constructor(private readonly tx: Db) {}

  static async open(tx: Db): Promise<StatusStage> {
    // A transaction may refresh more than once (an import refreshes every few batches).
    await tx.execute(
      sql`drop table if exists pg_temp.teacher_status_figures, pg_temp.teacher_status_places, pg_temp.teacher_status_own`,
    );
    // The keys tell the planner that a teacher meets one figure set and one place: without them (no statistics on
    // new tables), 20,000 distinct sets were estimated to join into millions of rows, and the cost had the merge
    // compiled by JIT (~180 ms).
    await tx.execute(
      sql.raw(
        `create temp table teacher_status_figures (figures integer primary key, ${definitions(FIGURES)}) on commit drop`,
      ),
    );
    await tx.execute(
      sql.raw(
        `create temp table teacher_status_places (place integer primary key, ${definitions(PLACE)}) on commit drop`,
      ),
    );
    await tx.execute(
      sql.raw(
        `create temp table teacher_status_own (enrolment_id uuid, place integer, figures integer) on commit drop`,
      ),
    );
    return new StatusStage(tx);
  }

  /**
   * COPYs the rows: figure sets and places not staged before into their tables, each teacher as three ids. The
   * COPYs are started after whatever the connection runs (copyRowsAhead); `merge` waits for them.
   */
  async add(rows: readonly StagedStatus[]): Promise<void> {
    const figureLines: string[] = [];
    let placeLines = '';
    let own = '';
    for (const row of rows) {
      const { id, added } = this.sets.idOf(row.figures);
      if (added) figureLines.push(figureLine(id, row.figures));
      const where = `${row.tenantId}\t${row.programmeInstanceId}\t${row.schoolId}\t${row.groupId ?? '\\N'}`;
      let place = this.places.get(where);
      if (place === undefined) {
        this.places.set(where, (place = this.places.size));
        placeLines += `${place}\t${where}\n`;
      }
      own += `${row.enrolmentId}\t${place}\t${id}\n`;
    }
    if (figureLines.length) {
      await copyRowsAhead(this.tx, 'teacher_status_figures', ['figures', ...FIGURES.map(nameOf)], figureLines);
    }
    if (placeLines) {
      await copyRowsAhead(this.tx, 'teacher_status_places', ['place', ...PLACE.map(nameOf)], [placeLines]);
    }
    if (own) await copyRowsAhead(this.tx, 'teacher_status_own', ['enrolment_id', 'place', 'figures'], [own]);
    this.size += rows.length;
  }

  /**
   * Inserts or updates every staged teacher's row, with the single refresh's values: `now` as computed_at, as
   * last_activity_at when the change is the teacher's activity (a row's earlier one is kept otherwise), and as
   * completed_at when the teacher is complete, unless the row already shows them complete since an earlier day.
   */
  async merge(now: Date, activity: boolean): Promise<void> {
    await settleCopies(this.tx);
    if (this.size === 0) return;
    const at = sql`${now.toISOString()}::timestamptz`;
    const complete = `f.state in ('ready_to_certify', 'certified')`;
    // One insert meeting its conflicts: an update by a join was measured no faster (~5 ms of ~200 for 20,000 rows,
    // the cost is writing the rows) and scans the whole table once it joins by hash.
    const updated = [...PLACE.slice(1), ...FIGURES, 'computedAt', ...(activity ? ['lastActivityAt'] : [])].map(nameOf);
    await this.tx.execute(sql`
      insert into teacher_status (${sql.raw(['enrolmentId', ...PLACE, ...FIGURES, ...MOMENTS].map(nameOf).join(', '))})
      select o.enrolment_id, ${sql.raw([...PLACE.map((k) => `p.${nameOf(k)}`), ...FIGURES.map((k) => `f.${nameOf(k)}`)].join(', '))},
        ${activity ? at : sql`null`}, case when ${sql.raw(complete)} then ${at} end, ${at}
      from teacher_status_own o join teacher_status_figures f on f.figures = o.figures
        join teacher_status_places p on p.place = o.place
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
