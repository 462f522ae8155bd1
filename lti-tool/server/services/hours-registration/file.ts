import type { Writable } from 'node:stream';
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { hoursRegistrationRows, hoursRegistrations, programmeInstances } from '../../db/schema';
import { DomainError } from '../errors';
import type { ExportScope } from '../exports/scope';
import type { ReportTable } from '../exports/report-table';
import { writeXlsx } from '../exports/report-writers';

const TEXT = {
  zh: {
    sheet: '学时登记',
    headers: ['序号', '姓名', '学校', '培训项目', '学年', '学时类别', '学时'],
    category: { online: '网络研修', practice: '校本实践' },
    status: { prepared: '待提交', submitted: '待审核', returned: '已退回', locked: '已锁定' },
    file: '学时登记',
  },
  en: {
    sheet: 'Hours registration',
    headers: ['No.', 'Name', 'School', 'Programme', 'School year', 'Category', 'Hours'],
    category: { online: 'Online study', practice: 'School-based practice' },
    status: { prepared: 'prepared', submitted: 'submitted', returned: 'returned', locked: 'locked' },
    file: 'hours-registration',
  },
} as const;

/**
 * The registration as the registry imports it: one line per teacher, school year and category, the mapped id
 * column second. Lines with no hours in a year are left out. The file name carries the version and state.
 */
export async function writeRegistrationXlsx(
  db: Db,
  scope: ExportScope,
  id: string,
  language: 'zh' | 'en',
  out: Writable,
  announce: (fileName: string) => void,
): Promise<void> {
  const [registration] = await db
    .select({ r: hoursRegistrations, programme: programmeInstances.name })
    .from(hoursRegistrations)
    .innerJoin(programmeInstances, eq(programmeInstances.id, hoursRegistrations.programmeInstanceId))
    .where(
      and(
        eq(hoursRegistrations.tenantId, scope.tenantId),
        eq(hoursRegistrations.programmeInstanceId, scope.programmeInstanceId),
        eq(hoursRegistrations.countyId, scope.organisation.id),
        eq(hoursRegistrations.id, id),
      ),
    );
  if (!registration) throw new DomainError('not_found');
  const t = TEXT[language];
  const rows = await db
    .select()
    .from(hoursRegistrationRows)
    .where(eq(hoursRegistrationRows.registrationId, id))
    .orderBy(asc(hoursRegistrationRows.id));
  const { r } = registration;
  const [no, ...rest] = t.headers;
  const table: ReportTable = {
    headers: [no as string, r.idHeader, ...rest],
    kinds: ['count', 'wide', 'text', 'wide', 'wide', 'count', 'text', 'hours'],
    rows: [],
  };
  const ordered = rows
    .filter((x) => Number(x.hours) > 0)
    .sort(
      (a, b) =>
        a.schoolName.localeCompare(b.schoolName, 'zh-CN') ||
        a.teacherName.localeCompare(b.teacherName, 'zh-CN') ||
        a.enrolmentId.localeCompare(b.enrolmentId) ||
        a.schoolYear - b.schoolYear ||
        a.category.localeCompare(b.category),
    );
  for (const [i, x] of ordered.entries()) {
    table.rows.push([
      i + 1,
      x.registryId,
      x.teacherName,
      x.schoolName,
      registration.programme,
      x.schoolYear,
      t.category[x.category],
      Number(x.hours),
    ]);
  }
  announce(`${t.file}_${scope.organisation.name}_v${r.version}_${t.status[r.status]}.xlsx`);
  await writeXlsx(out, [{ name: t.sheet, table }]);
}
