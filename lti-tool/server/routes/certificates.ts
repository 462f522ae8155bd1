import { pipeline } from 'node:stream/promises';
import { PassThrough } from 'node:stream';
import { Router, type Response } from 'express';
import {
  certificateList,
  certificateListQuery,
  certificateVerification,
  myCertificate,
  revokeCertificateBody,
} from '../../../shared/api/certificates';
import { idParams } from '../../../shared/api/common';
import type { Db } from '../db/client';
import { actorOf } from '../http/actor';
import { requestLanguage } from '../http/language';
import { rateLimit, type RateLimiter } from '../http/rate-limit';
import { requireSession } from '../http/session-auth';
import { parse } from '../http/validate';
import { listCertificates, revokeCertificate } from '../services/certificates/county';
import { certificateToPrint, myCertificate as mine } from '../services/certificates/mine';
import { writeCertificatesPdf } from '../services/certificates/pdf';
import { pageOf, verifyCertificate } from '../services/certificates/view';
import { DomainError } from '../services/errors';
import { exportScope, schoolsOf } from '../services/exports/scope';
import { requireEnrolment } from '../services/teacher-journey/enrolment';
import { attachment } from './exports';
import { verificationPage } from './verify-page';

const noStore = (res: Response) => res.setHeader('Cache-Control', 'no-store');

/** Certificates: the teacher's own (download), the county's list and revocation, and public verification. */
export function certificatesRouter(deps: {
  db: Db;
  publicUrl: string;
  verifyPerMinute?: number;
  limiter?: RateLimiter;
}): Router {
  const { db } = deps;
  const router = Router();
  const auth = requireSession(db);
  const enrolled = (res: Response) => requireEnrolment(db, actorOf(res));

  router.get('/api/v1/me/certificate', auth, async (_req, res) => {
    const { enrolment } = await enrolled(res);
    noStore(res).json(myCertificate.parse(await mine(db, enrolment.id, deps.publicUrl)));
  });
  router.get('/api/v1/me/certificate/file', auth, async (_req, res) => {
    const { enrolment } = await enrolled(res);
    const certificate = await certificateToPrint(db, enrolment.id, actorOf(res));
    const pdf = new PassThrough();
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', attachment(`结业证书_${certificate.teacherName}.pdf`));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'private, no-store');
    await Promise.all([writeCertificatesPdf(pdf, [pageOf(certificate, deps.publicUrl)]), pipeline(pdf, res)]);
  });

  router.get('/api/v1/certificates', auth, async (req, res) => {
    const scope = await exportScope(db, actorOf(res));
    const { schoolId } = parse(certificateListQuery, req.query);
    const items = await listCertificates(db, scope, schoolId);
    const schools = (await schoolsOf(db, scope)).map((s) => ({ id: s.id, name: s.name }));
    noStore(res).json(certificateList.parse({ items, schools }));
  });
  router.post('/api/v1/certificates/:id/revoke', auth, async (req, res) => {
    const scope = await exportScope(db, actorOf(res));
    const { id } = parse(idParams, req.params);
    const { reason } = parse(revokeCertificateBody, req.body);
    noStore(res).json(await revokeCertificate(db, scope, actorOf(res), id, reason));
  });

  // Public: whoever holds the printed link or QR code, without a login; rate-limited against enumeration.
  const limit = rateLimit({
    name: 'verify',
    windowMs: 60_000,
    max: deps.verifyPerMinute ?? 300,
    limiter: deps.limiter,
  });
  router.get('/api/v1/verify/:token', limit, async (req, res) => {
    noStore(res).json(certificateVerification.parse(await verifyCertificate(db, String(req.params.token))));
  });
  router.get('/verify/:token', limit, async (req, res) => {
    const lang = req.query.lang === 'en' ? 'en' : req.query.lang === 'zh' ? 'zh-CN' : requestLanguage(req);
    let html: string;
    try {
      html = verificationPage(await verifyCertificate(db, String(req.params.token)), lang);
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'not_found') throw err;
      res.status(404);
      html = verificationPage(null, lang);
    }
    noStore(res).type('html').send(html);
  });
  return router;
}
