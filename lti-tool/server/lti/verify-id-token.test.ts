import { createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { describe, expect, it } from 'vitest';
import { MOODLE, MOODLE_ID_TOKENS, readMoodleFixture, type IdTokenRecord } from '../../../test/fixtures/moodle';
import { CLAIM } from './claims';
import { verifyIdToken } from './verify-id-token';

const moodleKeys = createLocalJWKSet(readMoodleFixture<JSONWebKeySet>('moodle-jwks.json'));
const platform = { issuer: MOODLE.issuer, clientId: MOODLE.clientId, keys: moodleKeys };
const registered = (id: string) => id === MOODLE.deploymentId;

describe('recorded Moodle 5.1.3 id_tokens', () => {
  it.each(MOODLE_ID_TOKENS)('%s validates with the clock pinned to its iat', async (file) => {
    const record = readMoodleFixture<IdTokenRecord>(file);
    const claims = await verifyIdToken(
      record.id_token_raw,
      platform,
      { nonce: record.payload.nonce, isDeploymentRegistered: registered },
      { now: new Date(record.payload.iat * 1000) },
    );
    expect(claims.iss).toBe(MOODLE.issuer);
    expect(claims[CLAIM.deploymentId]).toBe('1');
    expect(claims.sub).toBe(record.payload.sub);
  });

  it('checks the target link URI against the login initiation it followed', async () => {
    const login = readMoodleFixture<{ form: Record<string, string>; generated: { nonce: string } }>(
      'oidc-login-initiation-resource-link-teacher.json',
    );
    const record = readMoodleFixture<IdTokenRecord>('id_token-teacher-resource-link.json');
    const claims = await verifyIdToken(
      record.id_token_raw,
      platform,
      { nonce: login.generated.nonce, targetLinkUri: login.form.target_link_uri, isDeploymentRegistered: registered },
      { now: new Date(record.payload.iat * 1000) },
    );
    expect(claims[CLAIM.messageType]).toBe('LtiResourceLinkRequest');
  });

  it('refuses the same token once its 60 s lifetime and the skew have passed', async () => {
    const record = readMoodleFixture<IdTokenRecord>('id_token-teacher-resource-link.json');
    await expect(
      verifyIdToken(
        record.id_token_raw,
        platform,
        { nonce: record.payload.nonce, isDeploymentRegistered: registered },
        { now: new Date((record.payload.iat + 60 + 61) * 1000) },
      ),
    ).rejects.toMatchObject({ code: 'token_expired' });
  });

  it('refuses it from a deployment that is not registered', async () => {
    const record = readMoodleFixture<IdTokenRecord>('id_token-student-resource-link.json');
    await expect(
      verifyIdToken(
        record.id_token_raw,
        platform,
        { nonce: record.payload.nonce, isDeploymentRegistered: () => false },
        { now: new Date(record.payload.iat * 1000) },
      ),
    ).rejects.toMatchObject({ code: 'unknown_deployment' });
  });
});
