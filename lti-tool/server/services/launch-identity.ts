import { eq, sql } from 'drizzle-orm';
import type { Db, DbTransaction } from '../db/client';
import { contextProgrammeLinks, enrolments, ltiContexts, ltiIdentities, organisations, people } from '../db/schema';
import type { LtiLaunch } from '../lti/launch';
import type { PlatformRecord } from '../lti/store';

export interface LaunchRecords {
  personId: string;
  contextRowId: string | null;
  resourceLinkRowId: string | null;
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/**
 * The name people see. Chinese names are family name first with no space (刘洋), built from the given and family
 * claims because Moodle's `name` follows the site's western order ("洋 刘"); other names use the full `name` claim
 * when present, else "given family".
 */
export function displayName(launch: Pick<LtiLaunch, 'user' | 'userId'>): string {
  const u = launch.user;
  const family = u.familyName?.trim();
  const given = u.givenName?.trim();
  if (family && given && CJK.test(family + given)) return (family + given).slice(0, 200);
  const name = u.name?.trim();
  const joined = [given, family].filter(Boolean).join(' ');
  return (name || joined || u.username || `用户 ${launch.userId}`).slice(0, 200);
}

/**
 * A launch's person, in one transaction: found by platform + `sub` (never by name or email), else an imported teacher
 * taken over, else created, with the LMS identity. Names and email are refreshed from each launch, since the platform
 * is their source of truth. The course and the resource link are upserted by the launch's statement afterwards
 * (launch-record.ts), not here: a transaction of several round trips would hold their rows' locks, and a whole school
 * launching one course for the first time would queue on them.
 */
export async function recordLaunchPerson(db: Db, platform: PlatformRecord, launch: LtiLaunch): Promise<string> {
  return db.transaction((tx) => upsertPerson(tx, platform, launch));
}

async function upsertPerson(tx: DbTransaction, platform: PlatformRecord, launch: LtiLaunch): Promise<string> {
  const name = displayName(launch);
  const email = launch.user.email ?? null;
  // A returning user (nearly every launch): stamp the identity and refresh the person's name and email in one
  // statement instead of a read and two writes.
  const returning = await tx.execute<{ person_id: string }>(sql`
    with identity as (
      update ${ltiIdentities} set last_launch_at = now()
      where ${ltiIdentities.platformId} = ${platform.id} and ${ltiIdentities.subject} = ${launch.userId}
      returning person_id
    ), person as (
      update ${people} set display_name = ${name}, email = ${email}, updated_at = now()
      where ${people.id} = (select person_id from identity)
    )
    select person_id from identity`);
  const identity = returning.rows[0];
  if (identity) return identity.person_id;
  // A teacher a school imported (a person with this e-mail, else with this staff number at the course's school, and no
  // LMS identity yet) is the one launching: their first launch takes that record, so the roster's enrolment, group and
  // attendance are theirs. A person who already has an identity is never taken over.
  const claimed = email
    ? (
        await tx.execute<{ id: string }>(sql`
          select p.id from ${people} p
          where p.tenant_id = ${platform.tenantId} and lower(p.email) = lower(${email})
            and not exists (select 1 from ${ltiIdentities} i where i.person_id = p.id)
          order by p.created_at limit 1`)
      ).rows[0]
    : undefined;
  const claimedId = claimed?.id ?? (await claimByStaffNumber(tx, platform, launch));
  const [person] = claimedId
    ? await tx
        .update(people)
        .set({ displayName: name, email, updatedAt: new Date() })
        .where(eq(people.id, claimedId))
        .returning({ id: people.id })
    : await tx
        .insert(people)
        .values({ tenantId: platform.tenantId, displayName: name, email })
        .returning({ id: people.id });
  if (!person) throw new Error('person insert returned nothing');
  // Two first launches of one user racing: the unique (platform, subject) decides, and the loser reuses the winner.
  const [created] = await tx
    .insert(ltiIdentities)
    .values({
      tenantId: platform.tenantId,
      platformId: platform.id,
      subject: launch.userId,
      personId: person.id,
      lastLaunchAt: new Date(),
    })
    .onConflictDoUpdate({
      target: [ltiIdentities.platformId, ltiIdentities.subject],
      set: { lastLaunchAt: sql`excluded.last_launch_at` },
    })
    .returning({ personId: ltiIdentities.personId });
  return created?.personId ?? person.id;
}

/**
 * A teacher a school imported with a staff number and no (matching) e-mail: the LMS sends its idnumber as
 * `lis.person_sourcedid`, and the course's link names the school (or the county whose schools are searched). Taken
 * only when exactly one enrolment there has that staff number and its person has no LMS identity yet.
 */
async function claimByStaffNumber(
  tx: DbTransaction,
  platform: PlatformRecord,
  launch: LtiLaunch,
): Promise<string | undefined> {
  const staffNumber = launch.user.sourcedId;
  if (!staffNumber || !launch.context) return undefined;
  const found = await tx.execute<{ id: string }>(sql`
    with recursive tree (id, kind, instance) as (
      select o.id, o.kind, l.programme_instance_id from ${contextProgrammeLinks} l
      join ${ltiContexts} c on c.id = l.context_id
      join ${organisations} o on o.id = l.organisation_id
      where c.platform_id = ${platform.id} and c.context_id = ${launch.context.id} and l.tenant_id = ${platform.tenantId}
      union all
      select o.id, o.kind, tree.instance from ${organisations} o join tree on o.parent_id = tree.id
      where o.tenant_id = ${platform.tenantId} and o.kind <> 'group'
    )
    select distinct e.person_id as id from ${enrolments} e
    join tree on tree.id = e.school_id and tree.kind = 'school' and tree.instance = e.programme_instance_id
    where e.tenant_id = ${platform.tenantId} and e.staff_number = ${staffNumber}
      and not exists (select 1 from ${ltiIdentities} i where i.person_id = e.person_id)
    limit 2`);
  return found.rows.length === 1 ? found.rows[0]!.id : undefined;
}
