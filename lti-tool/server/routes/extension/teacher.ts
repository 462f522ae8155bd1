import { actorOf } from '../../http/actor';
import { Router } from 'express';
import type { Db } from '../../db/client';
import { AppError } from '../../http/errors';
import { requireSession, sessionOf } from '../../http/session-auth';
import { destinationsOf } from '../../services/extension/destinations';
import { listDevices, revokeDeviceOfTeacher } from '../../services/extension/devices';
import { resourceDetail, resourceScreenshot, searchLibrary } from '../../services/extension/library';
import type { BlobStore } from '../../storage';
import { mintPairingCode } from '../../services/extension/pairing';
import { useResourceAsEvidence } from '../../services/extension/use-as-evidence';
import { requireEnrolment } from '../../services/teacher-journey/enrolment';
import { idParams } from '../../../../shared/api/common';
import {
  libraryQuery,
  libraryUseBody,
  type DestinationsReply,
  type DevicesReply,
  type LibraryReply,
  type ResourceDetailReply,
} from '../../../../shared/api/extension';
import { noStore, parse, who } from '../edge';

/** The teacher's side in the web app: pairing codes, connected browsers, the resource library. */
export function extensionTeacherRouter(deps: { db: Db; publicUrl: string; storage: BlobStore }): Router {
  const { db } = deps;
  const router = Router();

  router.post('/api/v1/me/extension/pairing-codes', requireSession(db), async (_req, res) => {
    const { code, expiresAt } = await mintPairingCode(db, actorOf(res));
    // The code travels in the fragment, which browsers never send to a server or its logs.
    const link = `${deps.publicUrl}/ext/pair#${code}`;
    noStore(res).status(201).json({ code, link, expiresAt: expiresAt.toISOString() });
  });

  router.get('/api/v1/me/extension/devices', requireSession(db), async (_req, res) => {
    noStore(res).json({ devices: await listDevices(db, actorOf(res)) } satisfies DevicesReply);
  });

  router.delete('/api/v1/me/extension/devices/:id', requireSession(db), async (req, res) => {
    const { id } = parse(idParams, req.params);
    await revokeDeviceOfTeacher(db, actorOf(res), id);
    noStore(res).json({ revoked: true });
  });

  router.get('/api/v1/me/library', requireSession(db), async (req, res) => {
    const filter = parse(libraryQuery, req.query);
    noStore(res).json((await searchLibrary(db, sessionOf(res), filter)) satisfies LibraryReply);
  });

  router.get('/api/v1/me/library/destinations', requireSession(db), async (_req, res) => {
    const { actor } = who(res);
    const enrolled = await requireEnrolment(db, actor);
    noStore(res).json({ destinations: await destinationsOf(db, enrolled) } satisfies DestinationsReply);
  });

  router.post('/api/v1/me/library/:id/use', requireSession(db), async (req, res) => {
    const { actor, audit } = who(res);
    const { id } = parse(idParams, req.params);
    const body = parse(libraryUseBody, req.body);
    const enrolled = await requireEnrolment(db, actor);
    noStore(res).json(await useResourceAsEvidence(db, enrolled, { resourceId: id, ...body }, audit));
  });

  router.get('/api/v1/me/library/:id/screenshot', requireSession(db), async (req, res) => {
    const { id } = parse(idParams, req.params);
    const shot = await resourceScreenshot(db, sessionOf(res), id);
    const blob = await deps.storage.get(shot.key);
    if (!blob) throw new AppError('not_found');
    noStore(res).setHeader('Content-Type', shot.mime);
    res.setHeader('Content-Length', String(blob.sizeBytes));
    blob.body.pipe(res);
  });

  router.get('/api/v1/me/library/:id', requireSession(db), async (req, res) => {
    const { id } = parse(idParams, req.params);
    noStore(res).json({ resource: await resourceDetail(db, sessionOf(res), id) } satisfies ResourceDetailReply);
  });
  return router;
}
