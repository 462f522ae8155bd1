import { parse as parseCsv } from 'csv-parse/sync';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { organisations, people, roleAssignments } from '../../db/schema';
import { DomainError } from '../errors';
import { GRANTABLE, grantRole, type GrantableRole, type Granter } from './grants';

export const ROSTER_MAX_BYTES = 256 * 1024;
export const ROSTER_MAX_ROWS = 2000;

/** Column names, Chinese or English, and the role words a county office writes. */
const HEADERS = { email: ['email', '邮箱'], role: ['role', '角色'], code: ['organisation_code', '机构代码'] };
const ROLE_WORDS: Record<string, GrantableRole> = {
  school_team: 'school_team',
  学校管理团队: 'school_team',
  county_admin: 'county_admin',
  区县管理员: 'county_admin',
  city_admin: 'city_admin',
  市级管理员: 'city_admin',
};

export interface RosterRow {
  row: number;
  email: string;
  role: string;
  organisationCode: string;
  outcome: 'granted' | 'unchanged' | 'rejected' | 'would_grant';
  reason: { zh: string; en: string } | null;
}

const reject = (zh: string, en: string) => ({ outcome: 'rejected' as const, reason: { zh, en } });

/**
 * A roster of role grants (CSV: email, role, organisation code). With `dryRun` it is a preview: every row says what
 * would happen. Otherwise each accepted row is granted (idempotent: a re-import changes nothing that is unchanged).
 */
export async function importRoster(db: Db, by: Granter, csv: string, options: { dryRun: boolean }) {
  if (Buffer.byteLength(csv, 'utf8') > ROSTER_MAX_BYTES) throw new DomainError('role_import_too_large');
  let records: string[][];
  try {
    records = parseCsv(csv.replace(/^\uFEFF/, ''), { skip_empty_lines: true, trim: true, relax_column_count: true });
  } catch {
    throw new DomainError('role_import_header');
  }
  const [header = [], ...body] = records;
  if (body.length > ROSTER_MAX_ROWS) throw new DomainError('role_import_too_large');
  const lower = header.map((h) => h.toLowerCase());
  const col = (names: string[]) => lower.findIndex((h) => names.includes(h));
  const [emailAt, roleAt, codeAt] = [col(HEADERS.email), col(HEADERS.role), col(HEADERS.code)];
  if (emailAt < 0 || roleAt < 0 || codeAt < 0) throw new DomainError('role_import_header');
  const rows: RosterRow[] = [];
  for (const [i, record] of body.entries()) {
    const email = record[emailAt] ?? '';
    const roleWord = record[roleAt] ?? '';
    const code = record[codeAt] ?? '';
    const base = { row: i + 2, email, role: roleWord, organisationCode: code };
    rows.push({ ...base, ...(await rowOutcome(db, by, { email, roleWord, code }, options.dryRun)) });
  }
  return {
    rows,
    summary: {
      granted: rows.filter((r) => r.outcome === 'granted' || r.outcome === 'would_grant').length,
      unchanged: rows.filter((r) => r.outcome === 'unchanged').length,
      rejected: rows.filter((r) => r.outcome === 'rejected').length,
    },
  };
}

async function rowOutcome(
  db: Db,
  by: Granter,
  input: { email: string; roleWord: string; code: string },
  dryRun: boolean,
): Promise<Pick<RosterRow, 'outcome' | 'reason'>> {
  const role = ROLE_WORDS[input.roleWord];
  if (!role)
    return reject(
      '角色须为 学校管理团队、区县管理员 或 市级管理员',
      'Role must be school_team, county_admin or city_admin',
    );
  const [person] = await db
    .select({ id: people.id })
    .from(people)
    .where(and(eq(people.tenantId, by.tenantId), sql`lower(${people.email}) = ${input.email.toLowerCase()}`));
  if (!person)
    return reject(
      '找不到此邮箱的人员：请先让其从课程进入一次',
      'No person with this email: ask them to open the tool once',
    );
  const [org] = await db
    .select({ id: organisations.id, kind: organisations.kind })
    .from(organisations)
    .where(
      and(
        eq(organisations.tenantId, by.tenantId),
        eq(organisations.code, input.code),
        eq(organisations.kind, GRANTABLE[role]),
      ),
    );
  if (!org) {
    return reject(
      `找不到代码为 ${input.code} 的${GRANTABLE[role] === 'school' ? '学校' : GRANTABLE[role] === 'county' ? '区县' : '地市'}`,
      `No ${GRANTABLE[role]} with code ${input.code}`,
    );
  }
  if (dryRun) {
    const [live] = await db
      .select({ id: roleAssignments.id })
      .from(roleAssignments)
      .where(
        and(
          eq(roleAssignments.personId, person.id),
          eq(roleAssignments.role, role),
          eq(roleAssignments.organisationId, org.id),
          isNull(roleAssignments.revokedAt),
        ),
      );
    return { outcome: live ? 'unchanged' : 'would_grant', reason: null };
  }
  const result = await grantRole(db, by, { personId: person.id, role, organisationId: org.id, source: 'roster' });
  return { outcome: result.changed ? 'granted' : 'unchanged', reason: null };
}
