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
  date_from_ledger: {
    zh: '文件不含完成时间：完成时间取自台账中同一教师同一课程已有的完成记录',
    en: 'the file has no completion time: the date is that of the same teacher and course already in the ledger',
  },
  not_completed: { zh: '未完成，不计学时', en: 'not completed; no hours' },
  course_completion_recorded: {
    zh: '整门课程已完成：已记录完成日期；课程目录未按整门课程计学时（学时按其中的活动计入）',
    en: 'whole course completed: its date is recorded; the course catalogue does not credit the whole course (its activities carry the hours)',
  },
  // "Completed (did not achieve pass grade)": what the programme's rule (completions.belowPassGrade) made of it.
  below_pass_credited: {
    zh: '已完成但未达到及格分：本项目规定此类完成照常计入学时',
    en: 'completed below the pass grade: this programme credits such completions, so the hours count',
  },
  below_pass_not_credited: {
    zh: '已完成但未达到及格分：本项目规定此类完成不计学时，教师需重新学习并达到及格分',
    en: 'completed below the pass grade: this programme does not credit such completions; the teacher must pass the course',
  },
  below_pass_awaiting_review: {
    zh: '已完成但未达到及格分：本项目规定须经审核后计入，本次未计入；审核同意后，在导入时勾选“审核通过未及格完成”再导入一次',
    en: 'completed below the pass grade: this programme credits such completions only after review, so not counted now; once reviewed, import again with "approve below-pass completions"',
  },
  below_pass_credited_after_review: {
    zh: '已完成但未达到及格分：经管理员审核同意后计入学时',
    en: 'completed below the pass grade: credited after review by the administrator',
  },
  below_pass_no_date: {
    zh: '已完成但未达到及格分，本报表未给出完成时间（课程完成条件要求及格）：暂不计入；如本项目计入此类完成，请导入活动完成情况报告（含时间）或指定生效日期',
    en: 'completed below the pass grade and this report gives no completion time (the course criterion requires a pass): not counted now; if the programme credits such completions, import the activity completion report (with times) or give an effective date',
  },
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
