import type { Db } from '../db/client';
import { runNamed, type NamedStatement } from '../db/named';
import { LtiError } from './errors';
import type { PlatformRecord } from './store';

/**
 * What a launch whose id_token is verified still needs from the database, in the same statement that opens its
 * session (issue 14: one statement a launch): its platform and deployment active right now (read fresh, so a change
 * by an administrator holds at once in every process), the platform's key source still the one the signature was
 * checked against (the registration came from a per-process cache), and its login state not used before (a unique
 * insert of the state's hash: of two launches with one state, one gets it).
 */
export interface LaunchAdmission {
  stateHash: string;
  stateExpiresAt: Date;
  platform: PlatformRecord;
  /** The verified token's deployment. */
  deploymentId: string;
  /** Set once a statement has checked and consumed it. */
  checked: boolean;
  /** The cached registration is out of date (its key source changed): drop it so the next launch reads it again. */
  forgetPlatform: () => void;
}

/**
 * The CTEs `plat`, `dep`, `used` and `admitted` (one row when the launch may record anything), with the platform id
 * and deployment id at the given placeholders and the admission's own six values from `$first` on.
 */
export function admissionCtes(refs: { platformId: string; deploymentId: string; first: number }): string {
  const $ = (i: number) => `$${refs.first + i}`;
  return `plat as (
  select status, (issuer = ${$(2)}::text and client_id = ${$(3)}::text and jwks_url is not distinct from ${$(4)}::text
          and public_jwk is not distinct from ${$(5)}::jsonb) as same_keys
  from platforms where id = ${refs.platformId}::uuid
), dep as (
  select status from lti_deployments where platform_id = ${refs.platformId}::uuid and deployment_id = ${refs.deploymentId}::text
), used as (
  insert into oidc_used_states (state_hash, expires_at)
  select ${$(0)}::text, ${$(1)}::timestamptz where exists (select 1 from plat where same_keys)
  on conflict (state_hash) do nothing
  returning state_hash
), admitted as (
  select 1 where exists (select 1 from used) and exists (select 1 from plat where status = 'active')
    and exists (select 1 from dep where status = 'active')
)`;
}

/** The admission's columns in the final select. */
export const ADMISSION_COLUMNS = `(select status from plat) as platform_status, (select same_keys from plat) as same_keys,
  (select status from dep) as deployment_status, exists (select 1 from used) as state_fresh`;

export function admissionValues(a: LaunchAdmission): unknown[] {
  return [
    a.stateHash,
    a.stateExpiresAt.toISOString(),
    a.platform.issuer,
    a.platform.clientId,
    a.platform.jwksUrl,
    a.platform.publicJwk === null ? null : JSON.stringify(a.platform.publicJwk),
  ];
}

export interface AdmissionRow {
  platform_status: string | null;
  same_keys: boolean | null;
  deployment_status: string | null;
  state_fresh: boolean;
}

/** Why the statement admitted nothing, as the launch's refusal; undefined when it was admitted. */
export function admissionRefusal(a: LaunchAdmission, row: AdmissionRow | undefined): LtiError | undefined {
  a.checked = true;
  if (!row || row.platform_status === null) return new LtiError('state_invalid', 'platform removed');
  if (!row.same_keys) {
    // Not consumed: the browser may launch again, checked against the registration as it is now.
    a.forgetPlatform();
    return new LtiError('keys_unavailable', 'the platform registration changed during the launch');
  }
  if (!row.state_fresh) return new LtiError('state_invalid', 'used state');
  if (row.platform_status !== 'active') return new LtiError('platform_disabled');
  if (row.deployment_status !== 'active') return new LtiError('unknown_deployment', a.deploymentId);
  return undefined;
}

const ADMIT_STATEMENT: NamedStatement = {
  name: 'lti_admit_v1',
  text: `with ${admissionCtes({ platformId: '$1', deploymentId: '$2', first: 3 })}
select ${ADMISSION_COLUMNS}`,
};

/** The admission on its own, for a launch that records nothing (a refused content picker); throws its refusal. */
export async function admitLaunch(db: Db, a: LaunchAdmission): Promise<void> {
  const [row] = await runNamed<AdmissionRow>(db, ADMIT_STATEMENT, [
    a.platform.id,
    a.deploymentId,
    ...admissionValues(a),
  ]);
  const refusal = admissionRefusal(a, row);
  if (refusal) throw refusal;
}
