import { Router, type Response } from 'express';
import {
  apiVoidBody,
  apiVoidReply,
  completionCoursesReply,
  completionParams,
  createSourceBody,
  createSourceReply,
  credentialReply,
  enrolmentParams,
  ledgerReply,
  putCompletionCoursesReply,
  sourceParams,
  sourcesReply,
  voidBody,
  voidReply,
} from '../../../../shared/api/completions';
import { putCourseMappingsBody } from '../../../../shared/api/course-mappings';
import type { Db } from '../../db/client';
import { send } from '../../http/reply';
import { actorOf } from '../../http/actor';
import { requireSession } from '../../http/session-auth';
import { parse } from '../../http/validate';
import { auditActor } from '../../services/actor';
import type { AuditActor } from '../../services/audit';
import { DomainError } from '../../services/errors';
import {
  apiBatchSchema,
  apiCompletionSchema,
  recordApiCompletions,
  voidApiCompletion,
} from '../../services/completions/feeds/api';
import {
  listCourseMappings,
  presentCourseMapping,
  upsertCourseMappings,
} from '../../services/completions/course-mappings';
import { LedgerError, teacherLedger, voidCompletion } from '../../services/completions/ledger';
import {
  createCompletionSourceChecked,
  findSource,
  listSources,
  rotateSourceCredential,
} from '../../services/completions/sources';
import { loadEnrolmentContext } from '../../services/completions/status';
import { requireApiSource, sourceOf } from './auth';
import { importBody, importUploadOrJob } from './uploads';
import { importJobParams, importJobReply } from '../../../../shared/api/import-jobs';
import { getImportJob, IMPORT_JOB_FROM_BYTES } from '../../services/completions/feeds/import-jobs';
import type { BlobStore } from '../../storage';
import { logOf } from '../../http/request-context';
import { requireLedgerReader } from '../../policies/ledger';
import { requireInstitutionAdmin } from '../../policies/roles';

export { MAX_UPLOAD_BYTES } from './uploads';

const requestIdOf = (res: Response) => (res.locals.requestId as string | undefined) ?? null;

/** The institution administrator of the launch session, or 403. */
function adminSession(res: Response) {
  const actor = actorOf(res);
  requireInstitutionAdmin(actor);
  return actor;
}

const sessionActor = (res: Response): AuditActor => auditActor(actorOf(res));

/** A platform server writing with its source's API key. */
function sourceActor(res: Response) {
  const source = sourceOf(res);
  const requestId = requestIdOf(res);
  return { source, actor: { actorLabel: `api:${source.name}`, client: 'api' as const, requestId }, requestId };
}

/**
 * Course completions and the hours ledger. Institution administrators (launch session) manage sources, the course
 * catalogue and file imports, and read any ledger of their tenant; a teacher reads their own ledger. Platform
 * servers post completions with their source's API key.
 */
export interface CompletionsRouterOptions {
  /** Where a large upload waits for its import job; without one every import runs inside its request. */
  storage?: BlobStore;
  /** Uploads from this many bytes on run as jobs (IMPORT_JOB_FROM_BYTES by default). */
  importJobFromBytes?: number;
  /** Called when a job was queued, so the runner starts it now rather than at its next tick. */
  onImportQueued?: () => void;
}

export function completionsRouter(db: Db, options: CompletionsRouterOptions = {}): Router {
  const router = Router();
  const storage = options.storage;
  // Without a store nothing can wait for a job: every upload is read and imported inside its request.
  const jobFromBytes = storage ? (options.importJobFromBytes ?? IMPORT_JOB_FROM_BYTES) : Infinity;
  const session = requireSession(db);
  const apiSource = requireApiSource(db);

  // — Platform servers (API key) —
  router.post('/api/v1/completions', apiSource, async (req, res) => {
    const { source, actor, requestId } = sourceActor(res);
    const completion = parse(apiCompletionSchema, req.body ?? {});
    const [result] = await recordApiCompletions(db, {
      source,
      completions: [completion],
      actor,
      requestId: requestId ?? '',
    });
    // Ids and the outcome only (the teacher's e-mail stays out); a refusal also names its issue codes.
    const fields = {
      tenantId: source.tenantId,
      sourceId: source.id,
      externalId: result!.externalId,
      outcome: result!.status,
      ...(result!.completionId ? { completionId: result!.completionId } : {}),
    };
    if (result!.status === 'rejected') {
      logOf(res).warn('completion', { ...fields, codes: result!.issues.map((i) => i.code) });
      throw new DomainError('validation_failed', { externalId: result!.externalId, issues: result!.issues });
    }
    logOf(res).info('completion', fields);
    res.status(result!.status === 'created' ? 201 : 200).json(result);
  });

  router.post('/api/v1/completions/batch', apiSource, async (req, res) => {
    const { source, actor, requestId } = sourceActor(res);
    const { completions } = parse(apiBatchSchema, req.body ?? {});
    const results = await recordApiCompletions(db, { source, completions, actor, requestId: requestId ?? '' });
    const summary = { created: 0, unchanged: 0, duplicate: 0, rejected: 0 };
    for (const r of results) summary[r.status]++;
    // Ids and counts only: the teachers' e-mails and names stay out of the log.
    logOf(res).info('completion batch', {
      tenantId: source.tenantId,
      sourceId: source.id,
      rows: results.length,
      ...summary,
    });
    res.json({ summary, results });
  });

  router.post('/api/v1/completions/void', apiSource, async (req, res) => {
    const { source, actor } = sourceActor(res);
    const body = parse(apiVoidBody, req.body ?? {});
    const result = await voidApiCompletion(db, { source, ...body, actor });
    if (!result) throw new DomainError('not_found');
    send(res, apiVoidReply, { externalId: body.externalId, voided: true, correctionEntryId: result.correctionId });
  });

  // — Institution administrators and teachers (launch session) —
  router.get('/api/v1/completions/sources', session, async (_req, res) => {
    const { tenantId } = adminSession(res);
    send(res, sourcesReply, { sources: await listSources(db, tenantId) });
  });

  router.post('/api/v1/completions/sources', session, async (req, res) => {
    const { tenantId } = adminSession(res);
    const input = parse(createSourceBody, req.body ?? {});
    const { source, credential } = await createCompletionSourceChecked(db, tenantId, input, sessionActor(res));
    const { credentialHash: _hash, ...visible } = source;
    send(res, createSourceReply, { source: visible, credential }, 201);
  });

  router.post('/api/v1/completions/sources/:sourceId/credential', session, async (req, res) => {
    const { tenantId } = adminSession(res);
    const { sourceId } = parseId(sourceParams, req.params);
    const credential = await rotateSourceCredential(db, tenantId, sourceId);
    if (!credential) throw new DomainError('not_found');
    send(res, credentialReply, { credential });
  });

  router.get('/api/v1/completions/courses', session, async (_req, res) => {
    const { tenantId } = adminSession(res);
    send(res, completionCoursesReply, {
      courses: (await listCourseMappings(db, tenantId)).map(presentCourseMapping),
    });
  });

  router.put('/api/v1/completions/courses', session, async (req, res) => {
    const { tenantId } = adminSession(res);
    const { courses } = parse(putCourseMappingsBody, req.body ?? {});
    const written = await upsertCourseMappings(db, tenantId, courses, sessionActor(res));
    send(res, putCompletionCoursesReply, { written: written.length });
  });

  // A large file is stored and imported by a job (202 with its status URL); a small one is imported now.
  router.post(
    '/api/v1/completions/sources/:sourceId/imports',
    session,
    ...importBody(jobFromBytes),
    async (req, res) => {
      const { tenantId, personId } = adminSession(res);
      const { sourceId } = parseId(sourceParams, req.params);
      const source = await findSource(db, tenantId, sourceId);
      if (!source || source.kind !== 'file') throw new DomainError('not_found');
      const outcome = await importUploadOrJob(db, {
        req,
        tenantId,
        source,
        body: req.body,
        query: req.query,
        recorder: { personId },
        actor: { ...sessionActor(res), actorPersonId: personId },
        log: logOf(res),
        storage: storage!,
        jobFromBytes,
      });
      if (outcome.kind === 'job') {
        logOf(res).info('completion import job queued', {
          tenantId,
          sourceId,
          importJobId: outcome.job.id,
          bytes: outcome.job.sizeBytes,
          dryRun: outcome.job.dryRun,
        });
        options.onImportQueued?.();
        res.location(outcome.job.statusUrl);
        return send(res, importJobReply, outcome.job, 202);
      }
      res.status(outcome.report.fileIssues.length > 0 ? 422 : 200).json(outcome.report);
    },
  );

  router.get('/api/v1/completions/import-jobs/:jobId', session, async (req, res) => {
    const { tenantId } = adminSession(res);
    const { jobId } = parseId(importJobParams, req.params);
    res.setHeader('Cache-Control', 'no-store');
    send(res, importJobReply, await getImportJob(db, tenantId, jobId));
  });

  router.get('/api/v1/completions/ledger/:enrolmentId', session, async (req, res) => {
    const current = actorOf(res);
    const { enrolmentId } = parseId(enrolmentParams, req.params);
    const context = await loadEnrolmentContext(db, current.tenantId, enrolmentId);
    requireLedgerReader(current, context && { tenantId: current.tenantId, personId: context.personId });
    const ledger = await teacherLedger(db, current.tenantId, enrolmentId);
    if (!ledger) throw new DomainError('not_found');
    res.setHeader('Cache-Control', 'no-store');
    send(res, ledgerReply, ledger);
  });

  router.post('/api/v1/completions/:completionId/void', session, async (req, res) => {
    const { tenantId, personId } = adminSession(res);
    const { completionId } = parseId(completionParams, req.params);
    const { reason } = parse(voidBody, req.body ?? {});
    try {
      const correctionId = await voidCompletion(db, {
        tenantId,
        completionId,
        reason,
        recorder: { personId },
        actor: sessionActor(res),
      });
      send(res, voidReply, { completionId, voided: true, correctionEntryId: correctionId });
    } catch (err) {
      if (err instanceof LedgerError) throw new DomainError('not_found');
      throw err;
    }
  });

  return router;
}

/** A malformed id in the path names nothing: 404, as an unknown one. */
function parseId<T>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } },
  params: unknown,
): T {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw new DomainError('not_found');
  return parsed.data;
}
