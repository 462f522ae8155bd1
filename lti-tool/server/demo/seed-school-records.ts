import { Readable } from 'node:stream';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import {
  organisations,
  people,
  roleAssignments,
  schoolActivities,
  schoolActivityAttendance,
  schoolArtefacts,
  schoolArtefactVersions,
  type SchoolArtefactKind,
  type SchoolArtefactStatus,
} from '../db/schema';
import { recordAudit } from '../services/audit';
import type { BlobStore } from '../storage';
import type { DemoWorld } from './seed';

/** Schools (in code order) that get plans, and those that also record activities: enough to show every state. */
const WITH_PLANS = 12;
const WITH_ACTIVITIES = 6;
const SURNAMES = '孙李张刘陈杨赵黄周吴徐胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏'.split('');
const THEME = '技术支持的学情分析与精准教学';
const RETURN_REASON = '请补充三年发展目标和年度实施计划，并写明信息化管理团队的分工。';
/** Per school (index mod 6): the development plan's and the research plan's state. */
const STATES = [
  ['approved', 'returned'],
  ['submitted', 'approved'],
  ['returned', 'submitted'],
  ['approved', 'draft'],
  ['draft', 'approved'],
  ['submitted', 'submitted'],
] as const;
const GROUP_STATES = ['draft', 'submitted', 'approved'] as const;
type Plan = {
  school: string;
  principal: string;
  kind: SchoolArtefactKind;
  groupId: string | null;
  theme: string | null;
  state: SchoolArtefactStatus;
};
const ACTIVITIES = [
  { daysAgo: 75, topic: '整校推进启动会：学校信息化发展规划解读', hours: '2', group: null },
  { daysAgo: 40, topic: '微能力点 A1 技术支持的学情分析 专题研讨', hours: '3', group: 0 },
  { daysAgo: 10, topic: '课堂观摩：信息技术支持的课堂导入', hours: '2', group: 1 },
] as const;

const chinaDate = (at: Date) => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * The demo county's school records: a principal for every school (the team's lead, marked in the profile), the
 * environment's diagnosis, plans in every state (approved, submitted, returned, draft) for the first schools, and
 * school-based activities with attendance. A few set-based statements; skipped once there, so a restart stays fast.
 */
export async function seedDemoSchoolRecords(
  db: Db,
  input: {
    tenantId: string;
    world: DemoWorld;
    principalId: string;
    /** The school 孙校长 leads (her school_team grant's): first in the list, so she is its principal. */
    principalSchoolId: string;
    storage: BlobStore;
    now?: Date;
  },
): Promise<{ schools: number; artefacts: number; activities: number }> {
  const { tenantId, world } = input;
  const now = input.now ?? new Date();
  const [done] = await db
    .select({ id: schoolArtefacts.id })
    .from(schoolArtefacts)
    .where(eq(schoolArtefacts.programmeInstanceId, world.programmeInstanceId))
    .limit(1);
  if (done) return { schools: 0, artefacts: 0, activities: 0 };
  const pdf = (text: string) =>
    input.storage.put(Readable.from([Buffer.from(`%PDF-1.4\n${text}\n%%EOF\n`)]), { maxBytes: 4096 });
  const blobs = [await pdf('demo school plan v1'), await pdf('demo school plan v2')];
  const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);

  return db.transaction(async (tx) => {
    const schools = await tx
      .select({ id: organisations.id, code: organisations.code, name: organisations.name })
      .from(organisations)
      .where(
        and(
          eq(organisations.tenantId, tenantId),
          eq(organisations.parentId, world.countyId),
          eq(organisations.kind, 'school'),
        ),
      )
      .orderBy(asc(organisations.code));
    const groups = await tx
      .select({ id: organisations.id, schoolId: organisations.parentId })
      .from(organisations)
      .where(and(eq(organisations.tenantId, tenantId), eq(organisations.kind, 'group')))
      .orderBy(asc(organisations.code));
    const groupsOf = (schoolId: string) => groups.filter((g) => g.schoolId === schoolId).map((g) => g.id);

    // Her school first whatever its code: the lists below pair schools and principals by position.
    schools.sort((a, b) => Number(b.id === input.principalSchoolId) - Number(a.id === input.principalSchoolId));
    // A principal per school: the demo's 孙校长 leads the first; the others are new people.
    const others = schools.slice(1);
    const created = others.length
      ? await tx
          .insert(people)
          .values(
            others.map((s, i) => ({
              tenantId,
              displayName: `${SURNAMES[(i + 1) % SURNAMES.length]}校长`,
              email: `demo-principal-${(s.code ?? String(i)).toLowerCase()}@demo.example.cn`,
            })),
          )
          .returning({ id: people.id, name: people.displayName })
      : [];
    const principals = [{ id: input.principalId }, ...created].map((p, i) => ({ ...p, schoolId: schools[i]!.id }));
    await tx
      .insert(roleAssignments)
      .values(
        principals.map((p) => ({
          tenantId,
          personId: p.id,
          role: 'school_team' as const,
          organisationId: p.schoolId,
          source: 'admin' as const,
        })),
      )
      .onConflictDoNothing();
    const diagnosed = chinaDate(daysAgo(120));
    const approvedTheme = new Set(
      schools.slice(0, WITH_PLANS).flatMap((s, i) => (STATES[i % 6]![1] === 'approved' ? [s.id] : [])),
    );
    await tx.execute(sql`
      update ${organisations} o set
        principal_person_id = v.principal::uuid,
        environment_diagnosed_on = ${diagnosed}::date,
        environment_basis = '示范县教师发展中心 学校信息化教学环境诊断（设备清单核查与课堂观察）',
        research_theme = case when v.theme then ${THEME} else o.research_theme end
      from (values ${sql.join(
        principals.map((p) => sql`(${p.schoolId}, ${p.id}, ${approvedTheme.has(p.schoolId)}::boolean)`),
        sql`, `,
      )}) as v(school, principal, theme)
      where o.id = v.school::uuid`);

    // Plans: a development plan, a research plan (with its theme) and, for the first schools, a group plan.
    const planned = schools.slice(0, WITH_PLANS).flatMap((s, i): Plan[] => {
      const [dev, research] = STATES[i % 6]!;
      const base = { school: s.id, principal: principals[i]!.id, groupId: null };
      const rows: Plan[] = [
        { ...base, kind: 'development_plan', theme: null, state: dev },
        { ...base, kind: 'research_plan', theme: THEME, state: research },
      ];
      const group = groupsOf(s.id)[0];
      if (i < 3 && group) {
        rows.push({ ...base, kind: 'group_plan', groupId: group, theme: null, state: GROUP_STATES[i]! });
      }
      return rows;
    });
    const artefacts = await tx
      .insert(schoolArtefacts)
      .values(
        planned.map((p) => ({
          tenantId,
          programmeInstanceId: world.programmeInstanceId,
          schoolId: p.school,
          kind: p.kind,
          groupId: p.groupId,
          theme: p.theme,
        })),
      )
      .returning({ id: schoolArtefacts.id });
    // A returned plan was revised once: it has a second version, the draft the team works on.
    const versions = await tx
      .insert(schoolArtefactVersions)
      .values(
        planned.flatMap((p, i) =>
          blobs.slice(0, p.state === 'returned' ? 2 : 1).map((blob, v) => ({
            tenantId,
            artefactId: artefacts[i]!.id,
            version: v + 1,
            storageKey: blob.key,
            sha256: blob.sha256,
            sizeBytes: blob.sizeBytes,
            mime: 'application/pdf',
            originalName: `${p.kind === 'development_plan' ? '学校信息化发展规划' : p.kind === 'research_plan' ? '校本研修方案' : '教研组研修计划'}${v ? '（修订）' : ''}.pdf`,
            theme: p.theme,
            uploadedBy: p.principal,
            createdAt: daysAgo(v ? 5 : 30),
          })),
        ),
      )
      .returning({
        id: schoolArtefactVersions.id,
        artefactId: schoolArtefactVersions.artefactId,
        version: schoolArtefactVersions.version,
      });
    const first = new Map(versions.filter((v) => v.version === 1).map((v) => [v.artefactId, v.id]));
    const decided = planned.flatMap((p, i) =>
      p.state === 'draft' ? [] : [{ p, id: artefacts[i]!.id, v1: first.get(artefacts[i]!.id)! }],
    );
    if (decided.length > 0) {
      await tx.execute(sql`
        update ${schoolArtefacts} a set
          status = v.status,
          submitted_version_id = v.v1::uuid, submitted_by = v.principal::uuid, submitted_at = ${daysAgo(20).toISOString()}::timestamptz,
          approved_version_id = case when v.status = 'approved' then v.v1::uuid end,
          decided_by = case when v.status = 'submitted' then null else ${world.assessorId}::uuid end,
          decided_at = case when v.status = 'submitted' then null else ${daysAgo(12).toISOString()}::timestamptz end,
          return_reason = case when v.status = 'returned' then ${RETURN_REASON} end
        from (values ${sql.join(
          decided.map((d) => sql`(${d.id}, ${d.p.state}, ${d.v1}, ${d.p.principal})`),
          sql`, `,
        )}) as v(id, status, v1, principal)
        where a.id = v.id::uuid`);
    }

    // Activities with attendance: the whole school, or the members of the group that held it.
    const activityRows = schools.slice(0, WITH_ACTIVITIES).flatMap((s, i) =>
      ACTIVITIES.map((a) => ({
        tenantId,
        programmeInstanceId: world.programmeInstanceId,
        schoolId: s.id,
        groupId: a.group === null ? null : (groupsOf(s.id)[a.group] ?? null),
        heldOn: chinaDate(daysAgo(a.daysAgo)),
        topic: a.topic,
        organiser: i === 0 ? '孙校长' : (created[i - 1]?.name ?? '校长'),
        practiceHours: a.hours,
        createdBy: principals[i]!.id,
      })),
    );
    const activities = await tx.insert(schoolActivities).values(activityRows).returning({ id: schoolActivities.id });
    await tx.execute(sql`
      insert into ${schoolActivityAttendance} (tenant_id, activity_id, enrolment_id, recorded_by)
      select a.tenant_id, a.id, e.id, a.created_by
      from ${schoolActivities} a
      join enrolments e on e.school_id = a.school_id and e.programme_instance_id = a.programme_instance_id
        and (a.group_id is null or e.group_id = a.group_id)
      where a.programme_instance_id = ${world.programmeInstanceId}`);
    await recordAudit(tx, {
      tenantId,
      actorLabel: 'system:demo-seed',
      client: 'system',
      action: 'demo.seed_school_records',
      entityType: 'organisation',
      entityId: world.countyId,
      after: { principals: principals.length, artefacts: artefacts.length, activities: activities.length },
    });
    return { schools: schools.length, artefacts: artefacts.length, activities: activities.length };
  });
}
