import type { TeacherStatus } from '../../../../shared/domain';
import type { AbilityReportStatus } from './report-data';

export type ReportLanguage = 'zh' | 'en';

/** Everything the completion table prints, Chinese first; English when asked for. */
export const REPORT_TEXT = {
  zh: {
    teachersSheet: '教师明细',
    summarySheet: '学校汇总',
    school: '学校',
    teacher: '教师',
    subject: '学科',
    environment: '教学环境',
    abilityCodes: '能力点',
    ability: (n: number) => `能力点${n}`,
    abilityStatus: (n: number) => `能力点${n}状态`,
    online: '网络研修学时',
    practice: '校本实践学时',
    total: '总学时',
    state: '完成状态',
    completedOn: '完成日期',
    reviewer: '审核人',
    teachers: '参训教师数',
    completed: '已完成人数',
    excellentCount: '优秀人数',
    completionRate: '完成率',
    countyTotal: '合计',
    period: '统计周期',
    asOf: '数据截至',
  },
  en: {
    teachersSheet: 'Teachers',
    summarySheet: 'Schools',
    school: 'School',
    teacher: 'Teacher',
    subject: 'Subject',
    environment: 'Environment',
    abilityCodes: 'Abilities',
    ability: (n: number) => `Ability ${n}`,
    abilityStatus: (n: number) => `Ability ${n} status`,
    online: 'Online hours',
    practice: 'Practice hours',
    total: 'Total hours',
    state: 'Status',
    completedOn: 'Completed on',
    reviewer: 'Reviewer',
    teachers: 'Teachers',
    completed: 'Completed',
    excellentCount: 'Excellent',
    completionRate: 'Completion rate',
    countyTotal: 'Total',
    period: 'Period',
    asOf: 'Data as of',
  },
} as const;

export const ABILITY_STATUS_TEXT: Record<ReportLanguage, Record<AbilityReportStatus, string>> = {
  zh: { not_submitted: '未提交', submitted: '已提交', pass: '合格', excellent: '优秀', fail: '不合格' },
  en: { not_submitted: 'Not submitted', submitted: 'Submitted', pass: 'Pass', excellent: 'Excellent', fail: 'Fail' },
};

export const STATE_TEXT: Record<ReportLanguage, Record<TeacherStatus['state'], string>> = {
  zh: {
    not_started: '未开始',
    in_progress: '进行中',
    awaiting_review: '待审核',
    ready_to_certify: '已完成',
    certified: '已认定',
  },
  en: {
    not_started: 'Not started',
    in_progress: 'In progress',
    awaiting_review: 'Awaiting review',
    ready_to_certify: 'Completed',
    certified: 'Certified',
  },
};

export const ENVIRONMENT_TEXT: Record<ReportLanguage, Record<string, string>> = {
  zh: { multimedia: '多媒体教学环境', blended: '混合式学习环境', smart: '智慧学习环境' },
  en: { multimedia: 'Multimedia', blended: 'Blended', smart: 'Smart' },
};
