import { PROFILE_LIMITS } from '../../../../shared/api/school-profile';
import {
  TEACHER_ROSTER_COLUMNS,
  TEACHER_ROSTER_LIMITS as LIMITS,
  type TeacherRosterColumn,
  type TeacherRosterRow,
} from '../../../../shared/api/school-roster';
import type { ImportRow } from '../org-tree/read';

interface Text {
  zh: string;
  en: string;
}

/** A teacher of the school in the programme, as the plan compares them. */
export interface RosterEnrolment {
  id: string;
  personId: string;
  email: string | null;
  staffNumber: string | null;
  subject: string | null;
  groupId: string | null;
}

/** What the database holds that the plan needs: read once per import, inside its transaction. */
export interface RosterWorld {
  enrolments: RosterEnrolment[];
  /** People of the tenant by lower-case e-mail, with the school (name) they are enrolled at in the programme, if any. */
  people: Map<string, { personId: string; enrolledAt: { schoolId: string; schoolName: string } | null }>;
  /** The school's 教研组 by name. */
  groups: Map<string, string>;
  schoolId: string;
  groupsMax: number;
}

/**
 * A row read from the LMS roster (NRPS), by row number: the member is identified by their LMS user id, so neither an
 * e-mail nor a staff number is required; `personId` is the person that id already names, if any.
 */
export type LmsRows = Map<
  number,
  { personId: string | null; enrolledAt: { schoolId: string; schoolName: string } | null }
>;

export type PlannedRow = TeacherRosterRow & {
  /** created: a new enrolment (and person, when no personId); updated: these fields of the enrolment. */
  action?:
    | { kind: 'create'; personId: string | null; group: string | undefined }
    | {
        kind: 'update';
        enrolment: RosterEnrolment;
        set: Partial<Pick<RosterEnrolment, 'subject' | 'staffNumber'>> & { group?: string };
      };
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const STAFF_NUMBER = /^[0-9A-Za-z_-]{1,30}$/;
const normalise = (h: string) => h.replace(/[\s*＊:：]/g, '').toLowerCase();
const KNOWN = new Map<string, TeacherRosterColumn>(
  TEACHER_ROSTER_COLUMNS.flatMap((c) => [
    [normalise(c.zh), c.key],
    [normalise(c.en), c.key],
    [normalise(c.key), c.key],
  ]),
);

/** Which cell holds which column (Chinese or English headers); the columns the template does not know. */
export function mapRosterHeader(header: string[]) {
  const index = new Map<TeacherRosterColumn, number>();
  const unknown: string[] = [];
  header.forEach((h, i) => {
    const key = KNOWN.get(normalise(h));
    if (key && !index.has(key)) index.set(key, i);
    else if (h.trim() !== '') unknown.push(h.trim());
  });
  return { index, unknown };
}

const sameName = (a: string, b: string) => a.replace(/\s+/g, '').toLowerCase() === b.replace(/\s+/g, '').toLowerCase();

/**
 * Decides, row by row, what the file does to the school's roster: a teacher is matched by staff number within the
 * school, else by e-mail within the tenant. An empty subject or group cell keeps what is recorded, so a partial file
 * never erases. Rows are independent: one rejected row does not stop the others.
 */
export function planRoster(
  rows: ImportRow[],
  index: Map<TeacherRosterColumn, number>,
  world: RosterWorld,
  lms: LmsRows = new Map(),
) {
  const byPerson = new Map(world.enrolments.map((e) => [e.personId, e]));
  const byStaff = new Map(world.enrolments.filter((e) => e.staffNumber).map((e) => [e.staffNumber!, e]));
  const byEmail = new Map(world.enrolments.filter((e) => e.email).map((e) => [e.email!.toLowerCase(), e]));
  const seenEmail = new Map<string, number>();
  const seenStaff = new Map<string, number>();
  const newGroups: string[] = [];
  const planned: PlannedRow[] = [];
  for (const r of rows) {
    const cell = (k: TeacherRosterColumn) => (index.has(k) ? (r.cells[index.get(k)!] ?? '').trim() : '');
    const base = {
      row: r.row,
      name: cell('name'),
      email: cell('email'),
      staffNumber: cell('staffNumber'),
      subject: cell('subject'),
      group: cell('group'),
    };
    const fromLms = lms.get(r.row);
    const reasons = problems(base, fromLms !== undefined);
    const email = base.email.toLowerCase();
    const dupe = (email && seenEmail.get(email)) || (base.staffNumber && seenStaff.get(base.staffNumber));
    if (dupe)
      reasons.push(
        t(`与第 ${dupe} 行是同一位教师（邮箱或工号相同）`, `Same teacher as row ${dupe} (same e-mail or staff number)`),
      );
    if (email && !seenEmail.has(email)) seenEmail.set(email, r.row);
    if (base.staffNumber && !seenStaff.has(base.staffNumber)) seenStaff.set(base.staffNumber, r.row);
    const group = base.group ? [...world.groups.keys(), ...newGroups].find((g) => sameName(g, base.group)) : undefined;
    if (base.group && !group && world.groups.size + newGroups.length >= world.groupsMax) {
      reasons.push(
        t(
          `本校已有 ${world.groupsMax} 个教研组，不能再新建“${base.group}”：请改用已有的教研组`,
          `The school already has ${world.groupsMax} groups; "${base.group}" cannot be added: use an existing group`,
        ),
      );
    }
    if (reasons.length > 0) {
      planned.push({ ...base, outcome: 'rejected', reasons });
      continue;
    }
    const byNumber = base.staffNumber ? byStaff.get(base.staffNumber) : undefined;
    const byMail = email ? byEmail.get(email) : undefined;
    if (byNumber && byMail && byNumber.id !== byMail.id) {
      planned.push({
        ...base,
        outcome: 'rejected',
        reasons: [
          t(
            '工号和邮箱分属本校两位不同的教师：请核对后再导入',
            'The staff number and the e-mail belong to two different teachers of the school: check the row',
          ),
        ],
      });
      continue;
    }
    const groupName = group ?? (base.group || undefined);
    if (base.group && !group) newGroups.push(base.group);
    const found = byNumber ?? byMail ?? (fromLms?.personId ? byPerson.get(fromLms.personId) : undefined);
    if (found) {
      planned.push({ ...base, ...update(found, base, groupName, world) });
      continue;
    }
    const person = fromLms?.personId ? fromLms : email ? world.people.get(email) : undefined;
    if (person?.enrolledAt && person.enrolledAt.schoolId !== world.schoolId) {
      const school = person.enrolledAt.schoolName;
      planned.push({
        ...base,
        outcome: 'rejected',
        reasons: [
          t(
            `该教师已在“${school}”参加本项目：请由该校移出后再导入`,
            `This teacher takes part in the programme at "${school}": that school removes them first`,
          ),
        ],
      });
      continue;
    }
    planned.push({
      ...base,
      outcome: 'created',
      reasons: [],
      action: { kind: 'create', personId: person?.personId ?? null, group: groupName },
    });
  }
  return { rows: planned, newGroups };
}

function update(
  found: RosterEnrolment,
  base: { staffNumber: string; subject: string },
  group: string | undefined,
  world: RosterWorld,
): Pick<PlannedRow, 'outcome' | 'reasons' | 'action'> {
  const set: NonNullable<Extract<PlannedRow['action'], { kind: 'update' }>>['set'] = {};
  const reasons: Text[] = [];
  if (base.subject && base.subject !== found.subject) {
    set.subject = base.subject;
    reasons.push(
      t(
        `学科：${found.subject ?? '（空）'} → ${base.subject}`,
        `Subject: ${found.subject ?? '(none)'} → ${base.subject}`,
      ),
    );
  }
  if (base.staffNumber && base.staffNumber !== found.staffNumber) {
    set.staffNumber = base.staffNumber;
    reasons.push(
      t(
        `工号：${found.staffNumber ?? '（空）'} → ${base.staffNumber}`,
        `Staff number: ${found.staffNumber ?? '(none)'} → ${base.staffNumber}`,
      ),
    );
  }
  const currentGroup = [...world.groups].find(([, id]) => id === found.groupId)?.[0];
  if (group && group !== currentGroup) {
    set.group = group;
    reasons.push(t(`教研组：${currentGroup ?? '（无）'} → ${group}`, `Group: ${currentGroup ?? '(none)'} → ${group}`));
  }
  if (reasons.length === 0) return { outcome: 'unchanged', reasons: [] };
  return { outcome: 'updated', reasons, action: { kind: 'update', enrolment: found, set } };
}

function problems(
  row: { name: string; email: string; staffNumber: string; subject: string; group: string },
  fromLms: boolean,
): Text[] {
  const out: Text[] = [];
  if (!row.name) out.push(t('“姓名”不能为空', '"Name" is required'));
  else if (row.name.length > LIMITS.nameMaxChars)
    out.push(t(`“姓名”最多 ${LIMITS.nameMaxChars} 字`, `"Name" has at most ${LIMITS.nameMaxChars} characters`));
  if (!row.email && !row.staffNumber && !fromLms)
    out.push(
      t(
        '请填写“邮箱”或“工号”（至少一项），用于识别教师',
        'Give "E-mail" or "Staff number" (at least one) to identify the teacher',
      ),
    );
  if (row.email && (!EMAIL.test(row.email) || row.email.length > 254))
    out.push(t(`“邮箱”格式不正确：${row.email}`, `"E-mail" is not an e-mail address: ${row.email}`));
  if (row.staffNumber && !STAFF_NUMBER.test(row.staffNumber))
    out.push(t('“工号”为 1–30 位字母、数字、- 或 _', '"Staff number" is 1–30 letters, digits, - or _'));
  if (row.subject.length > LIMITS.subjectMaxChars)
    out.push(
      t(`“学科”最多 ${LIMITS.subjectMaxChars} 字`, `"Subject" has at most ${LIMITS.subjectMaxChars} characters`),
    );
  if (row.group.length > PROFILE_LIMITS.groupNameMaxChars)
    out.push(
      t(
        `“教研组”名称最多 ${PROFILE_LIMITS.groupNameMaxChars} 字`,
        `"Group" has at most ${PROFILE_LIMITS.groupNameMaxChars} characters`,
      ),
    );
  return out;
}

const t = (zh: string, en: string): Text => ({ zh, en });

/** What a plan would do, counted by outcome (the report's summary line, for the CSV import and the LMS sync). */
export function rosterSummary(plan: ReturnType<typeof planRoster>) {
  const count = (o: PlannedRow['outcome']) => plan.rows.filter((r) => r.outcome === o).length;
  return {
    created: count('created'),
    updated: count('updated'),
    unchanged: count('unchanged'),
    rejected: count('rejected'),
    groupsCreated: plan.newGroups,
  };
}
