import type { IncentiveKindId, IncentiveRulesReply } from '../../../../../shared/api/incentives';
import type { Lang } from '../context';

/** The incentive screen's words, Chinese first (kept beside the screen). */
const zh = {
  heading: '区县奖励',
  intro: '候选名单由各教师的进度状态得出；区县管理员逐一确认或撤销，每次操作记入审计日志。',
  none: '本项目没有设置区县奖励（项目参数 incentives）；如需开启，请联系机构管理员。',
  kinds: {
    credits: '继续教育学分',
    excellent_learner: '优秀学员',
    model_school: '示范校',
    excellent_principal: '优秀校长',
  } satisfies Record<IncentiveKindId, string>,
  rule: (kind: IncentiveKindId, r: IncentiveRulesReply) =>
    ({
      credits: `完成规定学时的教师获得 ${r.creditsOnHoursComplete ?? '—'} 个继续教育学分。`,
      excellent_learner: `培训成绩达到 ${r.excellentLearnerScore ?? '—'} 分的教师评为优秀学员（优秀 ${r.gradeScores.excellent} 分，合格 ${r.gradeScores.pass} 分）。`,
      model_school: `全校教师研修成果平均达到 ${r.modelSchoolAverageScore ?? '—'} 分（且至少 ${r.modelSchoolCoveragePercent}% 的教师有评定成果）的学校认定为示范校。`,
      excellent_principal: '示范校的校长评为优秀校长。',
    })[kind],
  off: '本项目未设置这项奖励。',
  counts: (candidates: number, confirmed: number) => `候选 ${candidates} · 已确认 ${confirmed}`,
  empty: '目前没有符合条件的教师或学校。',
  school: '学校',
  subject: (kind: IncentiveKindId): string =>
    kind === 'model_school' || kind === 'excellent_principal' ? '对象' : '教师',
  principalUnrecorded: '该校校长（尚未在学校资料中登记）',
  basis: '依据',
  status: '状态',
  actions: '操作',
  basisTeacher: (online: number, practice: number, score: number | null | undefined) =>
    `网络研修 ${online} 学时，校本实践 ${practice} 学时${score === null || score === undefined ? '' : `，培训成绩 ${score} 分`}`,
  basisSchool: (avg: number | null | undefined, graded: number, teachers: number) =>
    `研修成果平均 ${avg ?? '—'} 分，${graded}/${teachers} 位教师有评定成果`,
  statuses: { candidate: '待确认', confirmed: '已确认', withdrawn: '已撤销' },
  fellBack: '目前已不符合条件',
  decidedBy: (who: string | null, day: string) => `${who ?? '—'} · ${day}`,
  confirm: '确认',
  confirmAll: (n: number) => `确认本页全部待确认（${n}）`,
  confirmAllAsk: (n: number, kind: string) => `确认本页 ${n} 项“${kind}”？确认后记入审计日志，可再撤销。`,
  withdraw: '撤销',
  reason: '撤销理由（必填）',
  reasonMissing: '请填写撤销理由，说明为何撤销这项奖励。',
  withdrawAsk: (name: string, kind: string) => `确认撤销“${name}”的“${kind}”？`,
  sendWithdraw: '确认撤销',
  cancel: '取消',
  readOnly: '只有学校所属区县的管理员可以确认或撤销。',
  page: (from: number, to: number, total: number) => `第 ${from}–${to} 项，共 ${total} 项`,
  previous: '上一页',
  next: '下一页',
  done: (n: number) => `已更新 ${n} 项。`,
};

const en: typeof zh = {
  heading: 'County incentives',
  intro:
    "Candidates come from each teacher's progress status; the county officer confirms or withdraws each, and every decision is audited.",
  none: 'This programme sets no county incentives (parameters incentives.*); ask your institution administrator to turn them on.',
  kinds: {
    credits: 'Continuing-education credits',
    excellent_learner: '优秀学员 (outstanding learner)',
    model_school: '示范校 (model school)',
    excellent_principal: '优秀校长 (outstanding principal)',
  },
  rule: (kind, r) =>
    ({
      credits: `A teacher who completes the required hours earns ${r.creditsOnHoursComplete ?? '—'} credits.`,
      excellent_learner: `A training score of ${r.excellentLearnerScore ?? '—'} earns 优秀学员 (优秀 counts ${r.gradeScores.excellent}, 合格 ${r.gradeScores.pass}).`,
      model_school: `A school whose teachers' research results average ${r.modelSchoolAverageScore ?? '—'} (with at least ${r.modelSchoolCoveragePercent}% of its teachers graded) is a 示范校.`,
      excellent_principal: "A 示范校's principal is recognised as 优秀校长.",
    })[kind],
  off: 'This programme does not grant this incentive.',
  counts: (candidates, confirmed) => `${candidates} candidates · ${confirmed} confirmed`,
  empty: 'No teacher or school meets the rule yet.',
  school: 'School',
  subject: (kind) => (kind === 'model_school' || kind === 'excellent_principal' ? 'Recipient' : 'Teacher'),
  principalUnrecorded: "The school's principal (not yet recorded in the school profile)",
  basis: 'Basis',
  status: 'Status',
  actions: 'Actions',
  basisTeacher: (online, practice, score) =>
    `${online} h online, ${practice} h practice${score === null || score === undefined ? '' : `, training score ${score}`}`,
  basisSchool: (avg, graded, teachers) => `results average ${avg ?? '—'}, ${graded}/${teachers} teachers graded`,
  statuses: { candidate: 'To confirm', confirmed: 'Confirmed', withdrawn: 'Withdrawn' },
  fellBack: 'no longer meets the rule',
  decidedBy: (who, day) => `${who ?? '—'} · ${day}`,
  confirm: 'Confirm',
  confirmAll: (n) => `Confirm all on this page (${n})`,
  confirmAllAsk: (n, kind) => `Confirm ${n} × “${kind}” on this page? Each is audited and can be withdrawn.`,
  withdraw: 'Withdraw',
  reason: 'Reason for withdrawing (required)',
  reasonMissing: 'Give the reason for withdrawing this incentive.',
  withdrawAsk: (name, kind) => `Withdraw “${kind}” from “${name}”?`,
  sendWithdraw: 'Withdraw it',
  cancel: 'Cancel',
  readOnly: "Only an administrator of the school's county confirms or withdraws.",
  page: (from, to, total) => `${from}–${to} of ${total}`,
  previous: 'Previous',
  next: 'Next',
  done: (n) => `${n} updated.`,
};

export const incentiveStrings = (lang: Lang) => (lang === 'en' ? en : zh);
export type IncentiveStrings = typeof zh;
