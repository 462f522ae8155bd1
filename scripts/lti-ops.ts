// What `npm run lti` does to platforms and keys, done either on the database directly (the tool is stopped, or
// runs on PostgreSQL) or through a running tool's admin API with an admin key (LTI_ADMIN_URL + LTI_ADMIN_KEY).
import { eq } from 'drizzle-orm';
import type { Db } from '../lti-tool/server/db/client';
import { tenants } from '../lti-tool/server/db/schema';
import type { OrgImportReply } from '../shared/api/organisations';
import type { ActivityReply, PlatformCheckReply } from '../shared/api/operations';
import { recentActivity } from '../lti-tool/server/services/operation-runs';
import type { CourseMappingInput, CourseMappingList, CourseMappingSummary } from '../shared/api/course-mappings';
import { createAdminKey } from '../lti-tool/server/services/admin-keys';
import { importOrganisations } from '../lti-tool/server/services/org-tree/import';
import { orgTemplateCsv, orgTemplateXlsx } from '../lti-tool/server/services/org-tree/template';
import {
  deleteCourseMapping,
  listCourseMappings,
  presentCourseMapping,
  upsertCourseMappings,
} from '../lti-tool/server/services/completions/course-mappings';
import { mappableProgrammes } from '../lti-tool/server/services/completions/course-programmes';
import { byteSource, type SheetBytes } from '../lti-tool/server/services/completions/files/byte-source';
import { importCompletionFile, type ImportReport } from '../lti-tool/server/services/completions/feeds/import-file';
import type { FileMapping } from '../lti-tool/server/services/completions/files/layouts';
import {
  createCompletionSourceChecked,
  findSource,
  listSources,
} from '../lti-tool/server/services/completions/sources';
import {
  addDeployment,
  createRegistrationTicket,
  listPlatforms,
  setPlatformStatus,
} from '../lti-tool/server/services/platform-admin';

export interface PlatformLine {
  id: string;
  tenant?: string;
  name: string;
  issuer: string;
  clientId: string;
  status: string;
  deployments: Array<{ id: string; status: string }>;
}

export interface SourceLine {
  id: string;
  name: string;
  kind: string;
  programmeInstanceId: string | null;
}

export interface AdminOps {
  list(): Promise<PlatformLine[]>;
  setStatus(platformId: string, status: 'active' | 'disabled'): Promise<void>;
  addDeployment(platformId: string, deploymentId: string): Promise<void>;
  /** `tenant` is needed on the database; through the API the key's tenant is used. */
  registrationLink(input: {
    tenant?: string;
    tenantName?: string;
    validHours: number;
  }): Promise<{ url: string; expiresAt: string }>;
  createKey(input: { tenant?: string; name: string }): Promise<{ secret: string; prefix: string }>;
  /** The organisation tree from a CSV/XLSX file; a dry run only reports. */
  importOrganisations(input: {
    tenant?: string;
    bytes: Uint8Array;
    fileName: string;
    dryRun: boolean;
  }): Promise<OrgImportReply>;
  orgTemplate(format: 'xlsx' | 'csv', lang: 'zh' | 'en'): Promise<Uint8Array>;
  /** The course catalogue (course → programme, abilities and hours). */
  courses(tenant?: string): Promise<CourseMappingList>;
  mapCourses(tenant: string | undefined, courses: CourseMappingInput[]): Promise<CourseMappingSummary[]>;
  unmapCourse(tenant: string | undefined, id: string): Promise<void>;
  /** Completion sources (files, API clients, xAPI), and a new one; an API or xAPI source's credential is shown once. */
  sources(tenant: string | undefined): Promise<SourceLine[]>;
  createSource(
    tenant: string | undefined,
    input: { name: string; kind: 'file' | 'api' | 'xapi'; programmeInstanceId?: string },
  ): Promise<{ source: SourceLine; credential?: unknown }>;
  /** One completion export through a file source; a dry run only reports. */
  importCompletions(
    tenant: string | undefined,
    input: { sourceId: string; bytes: SheetBytes; fileName: string; dryRun: boolean; mapping?: Partial<FileMapping> },
  ): Promise<ImportReport>;
  /** Recent grade deliveries, roster syncs and imports (what the admin screen 成绩回传与同步记录 shows). */
  activity(tenant: string | undefined, failuresOnly: boolean): Promise<ActivityReply>;
  /** 检查连接: fetch the platform's keys and ask for a token now (through the running tool only). */
  check(platformId: string): Promise<PlatformCheckReply>;
}

const CLI_ACTOR = { actorLabel: 'cli:npm run lti', client: 'cli' } as const;

export class OpsError extends Error {}

export function localOps(db: Db, publicUrl: string): AdminOps {
  const tenantId = async (slug: string | undefined) => {
    if (!slug) throw new OpsError('缺少参数 / missing option --tenant');
    const [row] = await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, slug));
    if (!row)
      throw new OpsError(`没有机构 / no tenant "${slug}" (先注册平台或生成注册链接 / register a platform first)`);
    return row.id;
  };
  return {
    list: () => listPlatforms(db),
    setStatus: (id, status) => setPlatformStatus(db, id, status),
    addDeployment: (id, deploymentId) => addDeployment(db, id, deploymentId),
    async registrationLink({ tenant, tenantName, validHours }) {
      if (!tenant) throw new OpsError('缺少参数 / missing option --tenant');
      const { ticket, expiresAt } = await createRegistrationTicket(db, {
        tenant,
        tenantName,
        createdBy: 'cli',
        validHours,
      });
      return { url: `${publicUrl}/lti/register/${ticket}`, expiresAt: expiresAt.toISOString() };
    },
    async createKey({ tenant, name }) {
      const { key, secret } = await createAdminKey(
        db,
        { tenantId: await tenantId(tenant), name, createdByPersonId: null },
        CLI_ACTOR,
      );
      return { secret, prefix: key.prefix };
    },
    async importOrganisations({ tenant, bytes, fileName, dryRun }) {
      const actor = { actorLabel: 'cli:npm run lti', client: 'cli' as const };
      return importOrganisations(db, { tenantId: await tenantId(tenant), bytes, fileName, dryRun, actor });
    },
    orgTemplate: async (format, lang) => (format === 'xlsx' ? orgTemplateXlsx(lang) : orgTemplateCsv(lang)),
    async courses(tenant) {
      const id = await tenantId(tenant);
      return {
        courses: (await listCourseMappings(db, id)).map(presentCourseMapping),
        programmes: await mappableProgrammes(db, id),
      };
    },
    async mapCourses(tenant, courses) {
      return (await upsertCourseMappings(db, await tenantId(tenant), courses, CLI_ACTOR)).map(presentCourseMapping);
    },
    async unmapCourse(tenant, id) {
      await deleteCourseMapping(db, await tenantId(tenant), id, CLI_ACTOR);
    },
    sources: async (tenant) => listSources(db, await tenantId(tenant)),
    async createSource(tenant, input) {
      return createCompletionSourceChecked(db, await tenantId(tenant), input, CLI_ACTOR);
    },
    async importCompletions(tenant, { sourceId, bytes, fileName, dryRun, mapping }) {
      const id = await tenantId(tenant);
      const source = await findSource(db, id, sourceId);
      if (!source || source.kind !== 'file') throw new OpsError(`没有文件数据来源 / no file source ${sourceId}`);
      return importCompletionFile(db, {
        tenantId: id,
        source,
        bytes,
        fileName,
        ...(mapping ? { mapping } : {}),
        dryRun,
        recorder: { system: CLI_ACTOR.actorLabel },
        actor: CLI_ACTOR,
      });
    },
    activity: async (tenant, failuresOnly) => recentActivity(db, await tenantId(tenant), { failuresOnly }),
    async check() {
      // The check uses the running tool's key cache and token client, which record what they find.
      throw new OpsError(
        '检查连接需通过运行中的工具：请加 --url 与 --key / check runs through the running tool: give --url and --key',
      );
    },
  };
}

/** The running tool's admin API; errors carry the server's Chinese and English message. */
export function remoteOps(baseUrl: string, key: string, fetchImpl: typeof fetch = fetch): AdminOps {
  const base = `${baseUrl.replace(/\/+$/, '')}/api/v1/admin`;
  const headers = { authorization: `Bearer ${key}`, 'accept-language': 'zh-CN' };
  const call = async <T>(
    method: string,
    path: string,
    body?: unknown,
    raw?: { bytes: Uint8Array; type: string },
  ): Promise<T> => {
    const reply = await fetchImpl(`${base}${path}`, {
      method,
      headers: { ...headers, 'content-type': raw?.type ?? 'application/json' },
      body: raw ? new Blob([new Uint8Array(raw.bytes)]) : body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(raw ? 120_000 : 15_000),
    });
    const json = (await reply.json().catch(() => ({}))) as {
      error?: { code: string; message: string; details?: unknown };
    } & T;
    if (!reply.ok) {
      const details = json.error?.details === undefined ? '' : ` ${JSON.stringify(json.error.details)}`;
      throw new OpsError(
        `HTTP ${reply.status} ${json.error?.code ?? ''}: ${json.error?.message ?? reply.statusText}${details}`,
      );
    }
    return json;
  };
  return {
    list: async () => (await call<{ platforms: PlatformLine[] }>('GET', '/platforms')).platforms,
    setStatus: async (id, status) => void (await call('PATCH', `/platforms/${encodeURIComponent(id)}`, { status })),
    addDeployment: async (id, deploymentId) =>
      void (await call('POST', `/platforms/${encodeURIComponent(id)}/deployments`, { deploymentId })),
    registrationLink: ({ validHours }) => call('POST', '/registration-links', { validHours }),
    async createKey({ name }) {
      const created = await call<{ key: { prefix: string }; secret: string }>('POST', '/api-keys', { name });
      return { secret: created.secret, prefix: created.key.prefix };
    },
    importOrganisations: ({ bytes, fileName, dryRun }) =>
      call('POST', `/organisations/imports?dryRun=${dryRun}&fileName=${encodeURIComponent(fileName)}`, undefined, {
        bytes,
        type: /\.xlsx$/i.test(fileName) ? XLSX_TYPE : 'text/csv',
      }),
    async orgTemplate(format, lang) {
      const reply = await fetchImpl(`${base}/organisations/template?format=${format}&lang=${lang}`, { headers });
      if (!reply.ok) throw new OpsError(`HTTP ${reply.status}`);
      return new Uint8Array(await reply.arrayBuffer());
    },
    courses: () => call('GET', '/course-mappings'),
    mapCourses: async (_tenant, courses) =>
      (await call<{ courses: CourseMappingSummary[] }>('PUT', '/course-mappings', { courses })).courses,
    unmapCourse: async (_tenant, id) => void (await call('DELETE', `/course-mappings/${encodeURIComponent(id)}`)),
    sources: async () => (await call<{ sources: SourceLine[] }>('GET', '/completion-sources')).sources,
    createSource: (_tenant, input) => call('POST', '/completion-sources', input),
    async importCompletions(_tenant, { sourceId, bytes, fileName, dryRun, mapping }) {
      const query = new URLSearchParams({ fileName, dryRun: String(dryRun) });
      if (mapping) query.set('mapping', JSON.stringify(mapping));
      const type = /\.xlsx$/i.test(fileName) ? XLSX_TYPE : /\.ods$/i.test(fileName) ? ODS_TYPE : 'text/csv';
      const file = byteSource(bytes); // the upload's body: at most the CLI's byte limit, checked before reading
      // A file the server cannot read answers 422 with the report itself: show it, as on the database.
      const reply = await fetchImpl(`${base}/completion-sources/${encodeURIComponent(sourceId)}/imports?${query}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': type },
        body: new Blob([new Uint8Array(file.read(0, file.size))]),
        signal: AbortSignal.timeout(120_000),
      });
      const json = (await reply.json().catch(() => ({}))) as ImportReport & {
        error?: { code: string; message: string };
      };
      if (reply.ok || (reply.status === 422 && Array.isArray(json.fileIssues))) return json;
      throw new OpsError(`HTTP ${reply.status} ${json.error?.code ?? ''}: ${json.error?.message ?? reply.statusText}`);
    },
    activity: (_tenant, failuresOnly) => call('GET', `/activity${failuresOnly ? '?failures=1' : ''}`),
    check: (id) => call('POST', `/platforms/${encodeURIComponent(id)}/check`),
  };
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ODS_TYPE = 'application/vnd.oasis.opendocument.spreadsheet';
