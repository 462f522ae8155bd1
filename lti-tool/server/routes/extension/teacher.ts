import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { requireSession, sessionOf } from '../../http/session-auth';
import { listDevices, revokeDeviceOfTeacher } from '../../services/extension/devices';
import { resourceDetail, searchLibrary } from '../../services/extension/library';
import { mintPairingCode } from '../../services/extension/pairing';
import { noStore, parse } from '../journey/edge';

const idParams = z.object({ id: z.uuid() });
const libraryQuery = z.object({
  q: z.string().trim().max(200).optional(),
  tag: z.string().trim().max(40).optional(),
  ability: z.string().trim().max(16).optional(),
});

/** The teacher's side in the web app: pairing codes, connected browsers, the resource library. */
export function extensionTeacherRouter(deps: { db: Db; publicUrl: string }): Router {
  const { db } = deps;
  const router = Router();

  router.post('/api/v1/me/extension/pairing-codes', requireSession(db), async (_req, res) => {
    const { code, expiresAt } = await mintPairingCode(db, sessionOf(res));
    // The code travels in the fragment, which browsers never send to a server or its logs.
    const link = `${deps.publicUrl}/ext/pair#${code}`;
    noStore(res).status(201).json({ code, link, expiresAt: expiresAt.toISOString() });
  });

  router.get('/api/v1/me/extension/devices', requireSession(db), async (_req, res) => {
    noStore(res).json({ devices: await listDevices(db, sessionOf(res)) });
  });

  router.delete('/api/v1/me/extension/devices/:id', requireSession(db), async (req, res) => {
    const { id } = parse(idParams, req.params);
    await revokeDeviceOfTeacher(db, sessionOf(res), id);
    noStore(res).json({ revoked: true });
  });

  router.get('/api/v1/me/library', requireSession(db), async (req, res) => {
    const filter = parse(libraryQuery, req.query);
    noStore(res).json(await searchLibrary(db, sessionOf(res), filter));
  });

  router.get('/api/v1/me/library/:id', requireSession(db), async (req, res) => {
    const { id } = parse(idParams, req.params);
    noStore(res).json({ resource: await resourceDetail(db, sessionOf(res), id) });
  });
  return router;
}
