import express, { Router, type Request, type Response } from 'express';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { people } from '../../db/schema';
import { isUniqueViolation, databaseError, SqlState } from '../../db/errors';
import { AppError } from '../../http/errors';
import { requireSession, sessionOf } from '../../http/session-auth';
import type { AuditActor } from '../../services/audit';
import {
  apiBatchSchema,
  apiCompletionSchema,
  recordApiCompletions,
  voidApiCompletion,
} from '../../services/completions/feeds/api';
import {
  courseMappingInputSchema,
  listCourseMappings,
  upsertCourseMappings,
} from '../../services/completions/course-mappings';
import { fileMappingSchema } from '../../services/completions/files/layouts';
import { importCompletionFile } from '../../services/completions/feeds/import-file';
import { LedgerError, teacherLedger, voidCompletion } from '../../services/completions/ledger';
import {
  createCompletionSource,
  createSourceSchema,
  findSource,
  listSources,
  rotateSourceCredential,
} from '../../services/completions/sources';
import { loadEnrolmentContext } from '../../services/completions/status';
import { requireApiSource, sourceOf } from './auth';

/** Completion export files: 10 MB is ~100,000 rows of a Moodle report. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

const UPLOAD_TYPES = [
  'text/csv',
  'text/plain',
  'application/csv',
  'application/vnd.ms-excel',
  'application/octet-stream',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.spreadsheet',
];

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    throw new AppError(
      'validation_failed',
      result.error.issues.map((i) => ({ field: i.path.join('.'), problem: i.message })),
    );
  }
  return result.data;
}

function requireAdmin(res: Response) {
  const session = sessionOf(res);
  if (!session.toolRoles.includes('institution_admin')) throw new AppError('forbidden');
  return session;
}

async function sessionActor(db: Db, req: Request, res: Response): Promise<AuditActor> {
  const session = sessionOf(res);
  const [person] = await db.select({ name: people.displayName }).from(people).where(eq(people.id, session.personId));
  return {
    actorPersonId: session.personId,
    actorLabel: person?.name ?? session.personId,
    client: 'web',
    requestId: (res.locals.requestId as string | undefined) ?? req.get('x-request-id') ?? null,
  };
}

const uuidParam = (value: unknown) => {
  const parsed = z.uuid().safeParse(value);
  if (!parsed.success) throw new AppError('not_found');
  return parsed.data;
};

const voidBody = z.strictObject({ reason: z.string().trim().min(1).max(500) });
const apiVoidBody = z.strictObject({
  externalId: z.string().trim().min(1).max(200),
  reason: z.string().trim().min(1).max(500),
});
const coursesBody = z.strictObject({ courses: z.array(courseMappingInputSchema).min(1).max(5000) });
const importQuery = z.strictObject({
  fileName: z.string().min(1).max(255).optional(),
  dryRun: z.enum(['true', 'false', '1', '0']).optional(),
  mapping: z.string().max(4000).optional(),
});

/**
 * Course completions and the hours ledger. Institution administrators (launch session) manage sources, the course
 * catalogue and file imports, and read any ledger of their tenant; a teacher reads their own ledger. Platform
 * servers post completions with their source's API key.
 */
export function completionsRouter(db: Db): Router {
  const router = Router();
  const session = requireSession(db);
  const apiSource = requireApiSource(db);

  // — Platform servers (API key) —
  router.post('/api/v1/completions', apiSource, async (req, res) => {
    const source = sourceOf(res);
    const completion = parse(apiCompletionSchema, req.body);
    const [result] = await recordApiCompletions(db, {
      source,
      completions: [completion],
      actor: { actorLabel: `api:${source.name}`, client: 'api', requestId: res.locals.requestId as string },
      requestId: res.locals.requestId as string,
    });
    if (result!.status === 'rejected') {
      throw new AppError('validation_failed', { externalId: result!.externalId, issues: result!.issues });
    }
    res.status(result!.status === 'created' ? 201 : 200).json(result);
  });

  router.post('/api/v1/completions/batch', apiSource, async (req, res) => {
    const source = sourceOf(res);
    const { completions } = parse(apiBatchSchema, req.body);
    const results = await recordApiCompletions(db, {
      source,
      completions,
      actor: { actorLabel: `api:${source.name}`, client: 'api', requestId: res.locals.requestId as string },
      requestId: res.locals.requestId as string,
    });
    const summary = { created: 0, unchanged: 0, duplicate: 0, rejected: 0 };
    for (const r of results) summary[r.status]++;
    res.json({ summary, results });
  });

  router.post('/api/v1/completions/void', apiSource, async (req, res) => {
    const source = sourceOf(res);
    const body = parse(apiVoidBody, req.body);
    const result = await voidApiCompletion(db, {
      source,
      ...body,
      actor: { actorLabel: `api:${source.name}`, client: 'api', requestId: res.locals.requestId as string },
    });
    if (!result) throw new AppError('not_found');
    res.json({ externalId: body.externalId, voided: true, correctionEntryId: result.correctionId });
  });

  // — Institution administrators and teachers (launch session) —
  router.get('/api/v1/completions/sources', session, async (_req, res) => {
    const { tenantId } = requireAdmin(res);
    res.json({ sources: await listSources(db, tenantId) });
  });

  router.post('/api/v1/completions/sources', session, async (req, res) => {
    const { tenantId } = requireAdmin(res);
    const input = parse(createSourceSchema, req.body);
    try {
      const { source, credential } = await createCompletionSource(db, tenantId, input);
      const { credentialHash: _hash, ...visible } = source;
      res.status(201).json({ source: visible, credential });
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('conflict', { field: 'name' });
      // A programme instance or platform of another tenant fails the composite foreign key.
      if (databaseError(err)?.code === SqlState.foreignKeyViolation) throw new AppError('not_found');
      throw err;
    }
  });

  router.post('/api/v1/completions/sources/:sourceId/credential', session, async (req, res) => {
    const { tenantId } = requireAdmin(res);
    const credential = await rotateSourceCredential(db, tenantId, uuidParam(req.params.sourceId));
    if (!credential) throw new AppError('not_found');
    res.json({ credential });
  });

  router.get('/api/v1/completions/courses', session, async (_req, res) => {
    const { tenantId } = requireAdmin(res);
    res.json({ courses: await listCourseMappings(db, tenantId) });
  });

  router.put('/api/v1/completions/courses', session, async (req, res) => {
    const { tenantId } = requireAdmin(res);
    const { courses } = parse(coursesBody, req.body);
    res.json({ written: await upsertCourseMappings(db, tenantId, courses) });
  });

  router.post(
    '/api/v1/completions/sources/:sourceId/imports',
    session,
    (req, _res, next) => {
      const type = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (!UPLOAD_TYPES.includes(type)) return next(new AppError('unsupported_media_type', { accepted: UPLOAD_TYPES }));
      next();
    },
    express.raw({ type: () => true, limit: MAX_UPLOAD_BYTES }),
    async (req, res) => {
      const { tenantId, personId } = requireAdmin(res);
      const source = await findSource(db, tenantId, uuidParam(req.params.sourceId));
      if (!source || source.kind !== 'file') throw new AppError('not_found');
      const query = parse(importQuery, req.query);
      let mapping: unknown = undefined;
      if (query.mapping) {
        try {
          mapping = JSON.parse(query.mapping);
        } catch {
          throw new AppError('validation_failed', [{ field: 'mapping', problem: 'not JSON' }]);
        }
      }
      const body = req.body as unknown;
      if (!Buffer.isBuffer(body) || body.length === 0) {
        throw new AppError('validation_failed', [{ field: 'body', problem: 'empty file' }]);
      }
      const report = await importCompletionFile(db, {
        tenantId,
        source,
        bytes: new Uint8Array(body),
        fileName: query.fileName ?? 'upload',
        mapping: mapping === undefined ? undefined : parse(fileMappingSchema.partial(), mapping),
        dryRun: query.dryRun === 'true' || query.dryRun === '1',
        recorder: { personId },
        actor: await sessionActor(db, req, res),
      });
      res.status(report.fileIssues.length > 0 ? 422 : 200).json(report);
    },
  );

  router.get('/api/v1/completions/ledger/:enrolmentId', session, async (req, res) => {
    const current = sessionOf(res);
    const enrolmentId = uuidParam(req.params.enrolmentId);
    const context = await loadEnrolmentContext(db, current.tenantId, enrolmentId);
    if (!context) throw new AppError('not_found');
    const mayRead = current.toolRoles.includes('institution_admin') || context.personId === current.personId;
    if (!mayRead) throw new AppError('not_found');
    res.setHeader('Cache-Control', 'no-store');
    res.json(await teacherLedger(db, current.tenantId, enrolmentId));
  });

  router.post('/api/v1/completions/:completionId/void', session, async (req, res) => {
    const { tenantId, personId } = requireAdmin(res);
    const completionId = uuidParam(req.params.completionId);
    const { reason } = parse(voidBody, req.body);
    try {
      const correctionId = await voidCompletion(db, {
        tenantId,
        completionId,
        reason,
        recorder: { personId },
        actor: await sessionActor(db, req, res),
      });
      res.json({ completionId, voided: true, correctionEntryId: correctionId });
    } catch (err) {
      if (err instanceof LedgerError) throw new AppError('not_found');
      throw err;
    }
  });

  return router;
}
