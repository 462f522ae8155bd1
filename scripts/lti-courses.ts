// `npm run lti -- courses | course-map | course-unmap | sources | source-create | completion-import`: the course
// catalogue (which programme a platform course serves, which micro-abilities it teaches, hours per ability), the
// completion sources and monthly file loads, on the database or through the admin API with an admin key.
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { CourseMappingInput } from '../shared/api/course-mappings';
import { fileSource } from '../lti-tool/server/services/completions/files/byte-source';
import { CLI_IMPORT_MAX_BYTES, formatReport, tooLargeMessage } from './import';
import type { AdminOps } from './lti-ops';

export const COURSE_USAGE = `  courses [--tenant <slug>]               课程目录 / the course catalogue
  course-map --course <课程> --ability A1:2[,A3:1.5] [--programme <uuid>] [--title <名称>] [--tenant <slug>]
  course-map --file <courses.json>        批量：[{ courseRef, abilities:[{abilityCode,hours}], programmeInstanceId? }]
  course-unmap --course <课程> [--tenant <slug>]   删除课程映射 / remove a course from the catalogue
  sources [--tenant <slug>]               数据来源 / completion sources
  source-create --name <名称> [--kind file|api|xapi] [--programme <uuid>] [--tenant <slug>]
           新建数据来源（api/xapi 的凭据只显示一次）/ create a source (an api/xapi credential is shown once)
  completion-import --file <导出文件> --source <名称或 id> [--effective-date YYYY-MM-DD] [--apply] [--tenant <slug>]
           预览（默认）或导入完成情况 / preview (default) or, with --apply, import a completion export`;

export class CourseUsageError extends Error {}
/** The report is printed and says what went wrong; only the exit code (1) is left to set. */
export class CourseReportedFailure extends Error {}

/** `A1:2,A3:1.5` → abilities with hours; names the bad part and the expected form. */
export function parseAbilities(spec: string): Array<{ abilityCode: string; hours: number }> {
  return spec
    .split(/[,，]/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const m = /^([A-Za-z][A-Za-z0-9.-]{0,15})\s*[:：=]\s*(\d+(?:\.\d{1,2})?)$/.exec(part);
      if (!m) {
        throw new CourseUsageError(
          `--ability: "${part}" 格式应为 能力点:学时，如 A1:2 / expected ability:hours such as A1:2`,
        );
      }
      return { abilityCode: m[1]!.toUpperCase(), hours: Number(m[2]) };
    });
}

type Out = (line: string) => void;
interface CourseValues {
  tenant?: string;
  course?: string;
  ability?: string;
  programme?: string;
  title?: string;
  file?: string;
  name?: string;
  kind?: string;
  source?: string;
  apply?: boolean;
  'effective-date'?: string;
}

const line = (c: { courseRef: string; hours: number; abilities: Array<{ abilityCode: string; hours: number }> }) =>
  `${c.courseRef}  →  ${c.abilities.map((a) => `${a.abilityCode} ${a.hours} 学时`).join('，')}（共 ${c.hours} 学时）`;

/** Runs a catalogue command; false when `command` is not one of them. */
export async function runCourseCommand(command: string, values: CourseValues, ops: AdminOps, out: Out) {
  switch (command) {
    case 'courses': {
      const { courses, programmes } = await ops.courses(values.tenant);
      if (courses.length === 0) out('课程目录为空 / the course catalogue is empty');
      const names = new Map(programmes.map((p) => [p.id, p.name]));
      for (const c of courses) {
        const programme = c.programmeInstanceId
          ? (names.get(c.programmeInstanceId) ?? c.programmeInstanceId)
          : '全部项目';
        out(`${line(c)}  [${programme}]  ${c.id}`);
      }
      return true;
    }
    case 'course-map': {
      let inputs: CourseMappingInput[];
      if (values.file) {
        const parsed = JSON.parse(await readFile(values.file, 'utf8')) as unknown;
        inputs = (Array.isArray(parsed) ? parsed : (parsed as { courses: unknown }).courses) as CourseMappingInput[];
        if (!Array.isArray(inputs)) throw new CourseUsageError('--file: 应为课程数组 / expected an array of courses');
      } else {
        if (!values.course) throw new CourseUsageError('缺少参数 / missing option --course');
        if (!values.ability) throw new CourseUsageError('缺少参数 / missing option --ability (A1:2,A3:1.5)');
        inputs = [
          {
            courseRef: values.course,
            ...(values.title ? { title: values.title } : {}),
            programmeInstanceId: values.programme ?? null,
            abilities: parseAbilities(values.ability),
          },
        ];
      }
      const written = await ops.mapCourses(values.tenant, inputs);
      out(`已保存 ${written.length} 门课程 / ${written.length} course(s) saved`);
      for (const c of written) out(line(c));
      return true;
    }
    case 'course-unmap': {
      if (!values.course) throw new CourseUsageError('缺少参数 / missing option --course');
      const { courses } = await ops.courses(values.tenant);
      const ref = values.course.normalize('NFC').trim().replace(/\s+/g, ' ');
      const found = courses.find((c) => c.courseRef === ref || c.id === ref);
      if (!found) throw new CourseUsageError(`课程目录中没有 / not in the catalogue: ${values.course}`);
      await ops.unmapCourse(values.tenant, found.id);
      out(`已删除 / removed: ${found.courseRef}`);
      return true;
    }
    case 'sources': {
      const sources = await ops.sources(values.tenant);
      if (sources.length === 0) out('暂无数据来源 / no completion sources yet');
      for (const s of sources) out(`${s.name}  [${s.kind}]  ${s.id}`);
      return true;
    }
    case 'source-create': {
      if (!values.name) throw new CourseUsageError('缺少参数 / missing option --name');
      const kind = values.kind ?? 'file';
      if (kind !== 'file' && kind !== 'api' && kind !== 'xapi') {
        throw new CourseUsageError(`--kind: 应为 file、api 或 xapi / expected file, api or xapi: ${kind}`);
      }
      const { source, credential } = await ops.createSource(values.tenant, {
        name: values.name,
        kind,
        ...(values.programme ? { programmeInstanceId: values.programme } : {}),
      });
      out(`已新建数据来源 / source created: ${source.name}  [${source.kind}]  ${source.id}`);
      if (credential) out(`凭据（只显示一次）/ credential (shown once): ${JSON.stringify(credential)}`);
      return true;
    }
    case 'completion-import': {
      if (!values.file) throw new CourseUsageError('缺少参数 / missing option --file');
      if (!values.source) throw new CourseUsageError('缺少参数 / missing option --source');
      const effectiveDate = values['effective-date'];
      if (effectiveDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(effectiveDate)) {
        throw new CourseUsageError(`--effective-date 格式应为 YYYY-MM-DD / must be YYYY-MM-DD: ${effectiveDate}`);
      }
      const sources = await ops.sources(values.tenant);
      const source = sources.find((s) => s.kind === 'file' && (s.id === values.source || s.name === values.source));
      if (!source) throw new CourseUsageError(`没有文件数据来源 / no file source "${values.source}" (source-create)`);
      // As `npm run import`: the byte limit before reading, then the file read from disk by range (on the
      // database; through the API it is sent as the upload's body).
      const size = statSync(values.file).size;
      if (size > CLI_IMPORT_MAX_BYTES) throw new CourseUsageError(tooLargeMessage(size));
      const file = fileSource(values.file);
      let report;
      try {
        report = await ops.importCompletions(values.tenant, {
          sourceId: source.id,
          bytes: file,
          fileName: basename(values.file),
          dryRun: !values.apply,
          ...(effectiveDate ? { mapping: { effectiveDate } } : {}),
        });
      } finally {
        file.close();
      }
      out(formatReport(report));
      if (report.fileIssues.length > 0 || report.summary.rejected > 0) throw new CourseReportedFailure();
      return true;
    }
    default:
      return false;
  }
}
