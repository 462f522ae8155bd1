import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appSessions, extPairingCodes } from '../../lti-tool/server/db/schema';
import { pairDevice } from '../../lti-tool/server/services/extension/pairing';
import { AccessTokenSigner } from '../../lti-tool/server/services/extension/signing';
import { api } from '../journey/world';
import { extCall, pairExtension, startExtensionWorld, type ExtensionWorld } from './world';

// Pairing codes and the token lifecycle; clips, screenshots and isolation are in api.test.ts.
let world: ExtensionWorld;
beforeAll(async () => {
  world = await startExtensionWorld();
});
afterAll(() => world.close());

describe('pairing', () => {
  it('mints a Crockford code bound to the session and exchanges it exactly once', async () => {
    const minted = await api(world, world.teacher, 'POST', '/api/v1/me/extension/pairing-codes');
    expect(minted.status).toBe(201);
    expect(minted.body.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(minted.body.link).toBe(`${world.tool.url}/ext/pair#${minted.body.code}`);
    const [stored] = await world.tool.database.db.select().from(extPairingCodes);
    expect(JSON.stringify(stored)).not.toContain(minted.body.code);

    const first = await extCall(world, undefined, 'POST', '/ext/v1/pair', {
      code: minted.body.code.toLowerCase().replace('-', ' '),
      deviceName: 'Chrome · Windows',
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 600 });
    expect(first.body.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const again = await extCall(world, undefined, 'POST', '/ext/v1/pair', {
      code: minted.body.code,
      deviceName: 'Chrome · Windows',
    });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('pairing_code_invalid');
  });

  it('refuses an expired code', async () => {
    const minted = await api(world, world.teacher, 'POST', '/api/v1/me/extension/pairing-codes');
    const signer = new AccessTokenSigner(world.tool.database.db);
    const later = new Date(Date.now() + 10 * 60 * 1000 + 1000);
    await expect(
      pairDevice(world.tool.database.db, signer, { code: minted.body.code, deviceName: 'x' }, later),
    ).rejects.toMatchObject({ code: 'pairing_code_invalid' });
  });

  it('kills a code after five wrong guesses aimed at it', async () => {
    const minted = await api(world, world.teacher, 'POST', '/api/v1/me/extension/pairing-codes');
    const code: string = minted.body.code;
    const wrong = (i: number) => `${code.slice(0, 2)}${code[2] === 'Z' ? 'Y' : 'Z'}${'ABCDE'[i]}-0000`;
    for (let i = 0; i < 5; i++) {
      const guess = await extCall(world, undefined, 'POST', '/ext/v1/pair', { code: wrong(i), deviceName: 'x' });
      expect(guess.status).toBe(400);
    }
    const right = await extCall(world, undefined, 'POST', '/ext/v1/pair', { code, deviceName: 'x' });
    expect(right.body.error.code).toBe('pairing_code_invalid');
  });

  it('lets one person hold at most five live codes', async () => {
    const teacher5 = await world.launch(5);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await api(world, teacher5, 'POST', '/api/v1/me/extension/pairing-codes')).status);
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
    // Others are not affected.
    expect((await api(world, world.teacher, 'POST', '/api/v1/me/extension/pairing-codes')).status).toBe(201);
  });

  it('mints codes only within an hour of the launch', async () => {
    const teacher5 = await world.launch(5);
    await world.tool.database.db
      .update(appSessions)
      .set({ createdAt: new Date(Date.now() - 61 * 60 * 1000) })
      .where(eq(appSessions.tokenHash, createHash('sha256').update(teacher5).digest('base64url')));
    const refused = await api(world, teacher5, 'POST', '/api/v1/me/extension/pairing-codes');
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'launch_too_old', message: expect.stringContaining('重新进入') });
  });

  it('only lets teachers mint codes', async () => {
    const admin = await world.launch(2);
    expect((await api(world, admin, 'POST', '/api/v1/me/extension/pairing-codes')).status).toBe(403);
  });
});

describe('tokens', () => {
  it('rotates the refresh token on every use and revokes the family when a spent one returns', async () => {
    const paired = await pairExtension(world);
    const r1 = await extCall(world, undefined, 'POST', '/ext/v1/token', { refreshToken: paired.refreshToken });
    expect(r1.status).toBe(200);
    expect(r1.body.refreshToken).not.toBe(paired.refreshToken);
    expect((await extCall(world, r1.body.accessToken, 'GET', '/ext/v1/me')).status).toBe(200);

    const replay = await extCall(world, undefined, 'POST', '/ext/v1/token', { refreshToken: paired.refreshToken });
    expect(replay.status).toBe(400);
    expect(replay.body.error).toMatchObject({ code: 'invalid_grant', details: { reason: 'refresh_token_reused' } });
    const next = await extCall(world, undefined, 'POST', '/ext/v1/token', { refreshToken: r1.body.refreshToken });
    expect(next.body.error.code).toBe('invalid_grant');
    const me = await extCall(world, r1.body.accessToken, 'GET', '/ext/v1/me');
    expect(me.status).toBe(401);
    expect(me.headers.get('www-authenticate')).toContain('invalid_token');
  });

  it('signs the extension out with revoke, and refuses tampered or missing access tokens', async () => {
    const paired = await pairExtension(world);
    const tampered = `${paired.accessToken.slice(0, -2)}xx`;
    expect((await extCall(world, tampered, 'GET', '/ext/v1/me')).status).toBe(401);
    expect((await extCall(world, undefined, 'GET', '/ext/v1/me')).status).toBe(401);
    // The launch session is not an extension token.
    expect((await extCall(world, world.teacher, 'GET', '/ext/v1/me')).status).toBe(401);
    const revoked = await extCall(world, undefined, 'POST', '/ext/v1/revoke', { refreshToken: paired.refreshToken });
    expect(revoked.status).toBe(200);
    expect((await extCall(world, paired.accessToken, 'GET', '/ext/v1/me')).status).toBe(401);
  });

  it('lists the teacher’s connected browsers and lets the teacher disconnect one', async () => {
    const paired = await pairExtension(world, world.teacher, 'Firefox · Linux');
    const list = await api(world, world.teacher, 'GET', '/api/v1/me/extension/devices');
    expect(list.body.devices.map((d: { name: string }) => d.name)).toContain('Firefox · Linux');
    const gone = await api(world, world.teacher, 'DELETE', `/api/v1/me/extension/devices/${paired.device.id}`);
    expect(gone.status).toBe(200);
    const after = await api(world, world.teacher, 'GET', '/api/v1/me/extension/devices');
    expect(after.body.devices.map((d: { id: string }) => d.id)).not.toContain(paired.device.id);
    const refresh = await extCall(world, undefined, 'POST', '/ext/v1/token', { refreshToken: paired.refreshToken });
    expect(refresh.body.error.code).toBe('invalid_grant');
  });
});
