import { pooledRandomBytes } from '../random-pool';
import type { Db } from '../db/client';
import { runNamed, type NamedStatement } from '../db/named';
import type { LtiLaunch } from '../lti/launch';
import {
  ADMISSION_COLUMNS,
  admissionCtes,
  admissionRefusal,
  admissionValues,
  type AdmissionRow,
  type LaunchAdmission,
} from '../lti/launch-admission';
import type { PlatformRecord } from '../lti/store';
import { displayName, recordLaunchPerson, type LaunchRecords } from './launch-identity';
import { hashToken, sessionLaunchData, SESSION_TTL_MS } from './sessions';
import type { LaunchRole } from './tool-roles';

/**
 * A returning user's launch in one statement (one round trip, one commit): stamp the identity, refresh the person's
 * name and email when they changed (an unchanged person is not rewritten), upsert the course and the resource link
 * only when they changed (and the course's last launch at most once a minute): a whole school launching one course
 * must not queue on its two rows' locks (issue 14). An unchanged row is read instead; one this statement's snapshot
 * cannot see yet (another launch's insert a moment ago) goes through the upsert, which returns it. Then open the
 * session, and read back whether any of the launch's platform roles has a role mapping on this platform and which
 * organisation-scoped roles the person holds (for the app's tabs). Nothing is written when the identity is unknown (a first launch): the caller creates the
 * person first and runs it again. Data-modifying CTEs all run once, atomically, whatever the final select reads.
 * `$ADMITTED` is where the launch's admission gates the identity (and so everything after it).
 */
const RECORD_TEXT = `identity as (
  update lti_identities set last_launch_at = now()
  where platform_id = $1::uuid and subject = $3::text$ADMITTED
  returning person_id
), person as (
  update people set display_name = $4::text, email = $5::text, updated_at = now()
  where id = (select person_id from identity) and (display_name, email) is distinct from ($4::text, $5::text)
), ctx_written as (
  insert into lti_contexts (tenant_id, platform_id, deployment_id, context_id, label, title, memberships_url,
                            line_items_url, ags_scopes, last_launch_at)
  select $2::uuid, $1::uuid, $6::text, $7::text, $8::text, $9::text, $10::text, $11::text, $12::text[], now()
  where $7::text is not null and exists (select 1 from identity)
    and not exists (select 1 from lti_contexts c where c.platform_id = $1::uuid and c.context_id = $7::text
      and (c.deployment_id, c.label, c.title, c.memberships_url, c.line_items_url, c.ags_scopes)
          is not distinct from ($6::text, $8::text, $9::text, $10::text, $11::text, $12::text[])
      and c.last_launch_at > now() - interval '1 minute')
  on conflict (platform_id, context_id) do update set
    deployment_id = excluded.deployment_id, label = excluded.label, title = excluded.title,
    memberships_url = excluded.memberships_url, line_items_url = excluded.line_items_url,
    ags_scopes = excluded.ags_scopes, last_launch_at = excluded.last_launch_at, updated_at = now()
  returning id
), ctx as (
  select id from ctx_written
  union all
  select c.id from lti_contexts c
  where $7::text is not null and exists (select 1 from identity) and not exists (select 1 from ctx_written)
    and c.platform_id = $1::uuid and c.context_id = $7::text
), link_written as (
  insert into lti_resource_links (tenant_id, platform_id, resource_link_id, context_id, title, custom, line_item_url)
  select $2::uuid, $1::uuid, $13::text, (select id from ctx), $14::text, $15::jsonb, $16::text
  where $13::text is not null and exists (select 1 from identity)
    and not exists (select 1 from lti_resource_links l where l.platform_id = $1::uuid and l.resource_link_id = $13::text
      and (l.context_id, l.title, l.custom, l.line_item_url)
          is not distinct from ((select id from ctx), $14::text, $15::jsonb, $16::text))
  on conflict (platform_id, resource_link_id) do update set
    context_id = excluded.context_id, title = excluded.title, custom = excluded.custom,
    line_item_url = excluded.line_item_url, updated_at = now()
  returning id
), link as (
  select id from link_written
  union all
  select l.id from lti_resource_links l
  where $13::text is not null and exists (select 1 from identity) and not exists (select 1 from link_written)
    and l.platform_id = $1::uuid and l.resource_link_id = $13::text
), session as (
  insert into app_sessions (token_hash, tenant_id, platform_id, deployment_id, person_id, context_id,
                            resource_link_id, message_type, tool_roles, platform_roles, locale, launch, expires_at)
  select $17::text, $2::uuid, $1::uuid, $6::text, i.person_id, (select id from ctx), (select id from link),
         $18::text, $19::text[], $20::jsonb, $21::text, $22::jsonb, $23::timestamptz
  from identity i
  returning person_id
)
select s.person_id, (select id from ctx) as context_row_id, (select id from link) as resource_link_row_id,
  exists (select 1 from role_mappings m where m.tenant_id = $2::uuid and m.platform_id = $1::uuid
          and m.lti_role = any($24::text[])) as mapped,
  array(select distinct a.role from role_assignments a
        where a.tenant_id = $2::uuid and a.person_id = s.person_id and a.revoked_at is null) as held_roles
`;

const RECORD_STATEMENT: NamedStatement = {
  name: 'launch_record_v4',
  text: `with ${RECORD_TEXT.replace('$ADMITTED', '')} from session s`,
};

/**
 * The launch's one statement (issue 14): the admission (lti/launch-admission.ts: platform and deployment active now,
 * key source unchanged, the login state consumed) and, only when it admits, the record above. Always one row: the
 * admission's answer, with the session's columns when one was opened.
 */
const ADMITTED_RECORD_STATEMENT: NamedStatement = {
  name: 'launch_admit_record_v2',
  text: `with ${admissionCtes({ platformId: '$1', deploymentId: '$6', first: 25 })},
${RECORD_TEXT.replace('$ADMITTED', ' and exists (select 1 from admitted)')}, ${ADMISSION_COLUMNS}
from (select 1) one left join session s on true`,
};

interface RecordRow {
  person_id: string | null;
  context_row_id: string | null;
  resource_link_row_id: string | null;
  mapped: boolean;
  held_roles: string[] | string;
}

export interface LaunchSession {
  records: LaunchRecords;
  token: string;
  expiresAt: Date;
  /** A platform role of this launch has a role mapping here: grants may follow (applyLaunchMappings). */
  mapped: boolean;
  /** The roles the person holds live grants of (before any mapping of this launch is applied). */
  heldRoles: string[];
}

/**
 * Records who launched from where and opens the launch's session: one statement for a returning user (with the
 * launch's admission when there is one: it throws the admission's refusal and records nothing), and for a first
 * launch the person's creation (recordLaunchPerson, which links an imported teacher by e-mail) and then the same.
 */
export async function recordLaunchSession(
  db: Db,
  input: {
    platform: PlatformRecord;
    launch: LtiLaunch;
    toolRoles: LaunchRole[];
    locale: string;
    admission?: LaunchAdmission;
  },
  now = new Date(),
): Promise<LaunchSession> {
  const { platform, launch } = input;
  const token = pooledRandomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  const values = [
    platform.id,
    platform.tenantId,
    launch.userId,
    displayName(launch),
    launch.user.email ?? null,
    launch.deploymentId,
    launch.context?.id ?? null,
    launch.context?.label ?? null,
    launch.context?.title ?? null,
    launch.nrps?.membershipsUrl ?? null,
    launch.ags?.lineItemsUrl ?? null,
    launch.ags?.scopes ?? null,
    launch.resourceLink?.id ?? null,
    launch.resourceLink?.title ?? null,
    JSON.stringify(launch.custom),
    launch.ags?.lineItemUrl ?? null,
    hashToken(token),
    launch.messageType,
    input.toolRoles,
    JSON.stringify(launch.roles),
    input.locale,
    JSON.stringify(sessionLaunchData(launch)),
    expiresAt.toISOString(),
    launch.roles.map((r) => r.trim()),
  ];
  let row: RecordRow | undefined;
  if (input.admission) {
    const [admitted] = await runNamed<RecordRow & AdmissionRow>(db, ADMITTED_RECORD_STATEMENT, [
      ...values,
      ...admissionValues(input.admission),
    ]);
    const refusal = admissionRefusal(input.admission, admitted);
    if (refusal) throw refusal;
    if (admitted?.person_id) row = admitted;
  } else {
    [row] = await runNamed<RecordRow>(db, RECORD_STATEMENT, values);
  }
  if (!row?.person_id) {
    await recordLaunchPerson(db, platform, launch);
    [row] = await runNamed<RecordRow>(db, RECORD_STATEMENT, values);
    if (!row?.person_id) throw new Error('launch identity vanished while it was recorded');
  }
  return {
    records: {
      personId: row.person_id as string,
      contextRowId: row.context_row_id,
      resourceLinkRowId: row.resource_link_row_id,
    },
    token,
    expiresAt,
    mapped: row.mapped,
    heldRoles: parseTextArray(row.held_roles),
  };
}

/** A text[] as the driver hands it back: an array, or (a driver without array parsing) its literal `{a,b}`. */
function parseTextArray(value: string[] | string): string[] {
  if (Array.isArray(value)) return value;
  const inner = value.replace(/^\{|\}$/g, '');
  return inner ? inner.split(',').map((v) => v.replace(/^"|"$/g, '')) : [];
}
