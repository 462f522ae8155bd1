/**
 * Why a completion (a file row, a statement, an API item) was not credited. Codes are stable and machine-readable;
 * messages are Chinese first, with English.
 */
export const ISSUES = {
  unknown_teacher: { zh: '找不到该教师（或其未参加本项目）', en: 'unknown teacher (or not enrolled in the programme)' },
  ambiguous_teacher: {
    zh: '该教师参加了多个项目批次，请为数据来源指定项目批次',
    en: 'the teacher has several enrolments; set the programme instance of the source',
  },
  unknown_course: {
    zh: '课程不在本机构的课程目录中，请先添加课程映射（能力点、学时）',
    en: 'course not in the course catalogue; add a course mapping (ability, hours) first',
  },
  invalid_hours: { zh: '学时无效（须大于 0 且不超过 100）', en: 'impossible hours (must be > 0 and ≤ 100)' },
  hours_for_several_abilities: {
    zh: '该课程对应多个能力点，按课程目录中各能力点的学时计入，请勿在行中填写学时',
    en: "the course stands for several abilities: their hours come from the course catalogue, leave the row's hours empty",
  },
  invalid_date: { zh: '完成时间缺失或无法识别', en: 'completion time missing or not recognised' },
  invalid_row: { zh: '该行缺少必填内容', en: 'a required value is missing' },
  duplicate_in_batch: {
    zh: '与本批中前面的记录重复（同一教师、同一课程）',
    en: 'duplicate of an earlier row in this batch (same teacher and course)',
  },
  already_credited: {
    zh: '该教师的这门课程已从其他来源计入学时，不重复计入',
    en: 'this course was already credited to the teacher from another record; not counted twice',
  },
  no_completion_time: {
    zh: '文件不含完成时间：暂不计入，待其他来源提供完成时间，或在预览中指定生效日期后再导入',
    en: 'the file has no completion time: the row waits for another source or an effective date given in the preview',
  },
  not_completed: { zh: '未完成，不计学时', en: 'not completed; no hours' },
  no_platform: {
    zh: '数据来源未关联 LMS 平台，无法按平台用户 ID 识别教师',
    en: 'the source has no LMS platform, so platform user ids cannot be resolved',
  },
  unsupported_verb: { zh: '该 xAPI 动词不计学时', en: 'this xAPI verb does not credit hours' },
  voided_target_unknown: {
    zh: '要作废的语句不存在或不属于本机构',
    en: 'the statement to void is unknown in this tenant',
  },
} as const;

export type IssueCode = keyof typeof ISSUES;

export interface Issue {
  code: IssueCode;
  zh: string;
  en: string;
  /** The column, field or path the issue is about, when there is one. */
  field?: string;
  detail?: string;
}

export function issue(code: IssueCode, field?: string, detail?: string): Issue {
  const out: Issue = { code, ...ISSUES[code] };
  if (field !== undefined) out.field = field;
  if (detail !== undefined) out.detail = detail;
  return out;
}
