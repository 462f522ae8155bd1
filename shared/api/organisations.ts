/**
 * The organisation tree an institution administrator imports (`/api/v1/admin/organisations`): province → city →
 * county → school → 教研组, one spreadsheet row per path. The columns, limits and report shapes are shared so the
 * server, the CLI and the web app name the same fields and limits.
 */
import { z } from 'zod';
import { ORGANISATION_KINDS } from '../domain/ids';
import { bilingualText } from './common';

/** An import file: 5 MB holds far more than the row limit in CSV or XLSX. */
export const ORG_IMPORT_MAX_BYTES = 5 * 1024 * 1024;
/** Data rows per file (a province's schools and groups fit; split a larger file by city). */
export const ORG_IMPORT_MAX_ROWS = 20_000;
/** The tree listing returns at most this many organisations (the counts are always complete). */
export const ORG_LIST_MAX = 5_000;

/** Template columns in order: key, Chinese header, English header. Either header is accepted on import. */
export const ORG_IMPORT_COLUMNS = [
  { key: 'provinceCode', zh: '省代码', en: 'Province code' },
  { key: 'provinceName', zh: '省名称', en: 'Province name' },
  { key: 'cityCode', zh: '市代码', en: 'City code' },
  { key: 'cityName', zh: '市名称', en: 'City name' },
  { key: 'countyCode', zh: '区县代码', en: 'County code' },
  { key: 'countyName', zh: '区县名称', en: 'County name' },
  { key: 'schoolCode', zh: '学校代码', en: 'School code' },
  { key: 'schoolName', zh: '学校名称', en: 'School name' },
  { key: 'groupName', zh: '教研组名称', en: 'Group name' },
  { key: 'groupCode', zh: '教研组代码', en: 'Group code' },
] as const;
export type OrgImportColumn = (typeof ORG_IMPORT_COLUMNS)[number]['key'];

export const organisationKind = z.enum(ORGANISATION_KINDS);

export const orgTemplateQuery = z.object({
  format: z.enum(['xlsx', 'csv']).default('xlsx'),
  lang: z.enum(['zh', 'en']).default('zh'),
});
export const orgImportQuery = z.object({
  dryRun: z.enum(['true', 'false', '1', '0']).default('true'),
  fileName: z.string().max(255).optional(),
});

export const orgImportAction = z.enum(['create', 'update', 'unchanged']);
export const orgImportIssue = z.object({ field: z.string(), message: bilingualText });
export const orgImportRow = z.object({
  /** The spreadsheet row (the header is row 1). */
  row: z.number(),
  /** Organisations this row brings in for the first time in the file (earlier rows' are not repeated). */
  nodes: z.array(
    z.object({ kind: organisationKind, code: z.string().nullable(), name: z.string(), action: orgImportAction }),
  ),
  issues: z.array(orgImportIssue),
});
export const orgImportReply = z.object({
  dryRun: z.boolean(),
  /** True when the tree was written (no dry run, no row with an issue). */
  applied: z.boolean(),
  file: z.object({ name: z.string(), format: z.enum(['csv', 'xlsx']), rows: z.number(), sha256: z.string() }),
  warnings: z.array(bilingualText),
  summary: z.object({ create: z.number(), update: z.number(), unchanged: z.number(), rowsWithIssues: z.number() }),
  rows: z.array(orgImportRow),
});

export const organisationView = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  kind: organisationKind,
  code: z.string().nullable(),
  name: z.string(),
});
export const organisationsReply = z.object({
  counts: z.record(organisationKind, z.number()),
  organisations: z.array(organisationView),
  truncated: z.boolean(),
});

export type OrgImportReply = z.infer<typeof orgImportReply>;
export type OrgImportRow = z.infer<typeof orgImportRow>;
export type OrganisationsReply = z.infer<typeof organisationsReply>;
export type OrganisationView = z.infer<typeof organisationView>;
