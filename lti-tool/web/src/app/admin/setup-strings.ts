import type { ChecklistStep } from '../../../../../shared/api/setup-checklist';
import type { Lang } from '../context';

/** The admin home's checklist and the assessor screen, Chinese first. */
const zh = {
  checklist: '上线准备清单',
  checklistIntro: '按顺序完成以下步骤，机构即可正式使用本工具（每一步按实际数据判断是否完成）。',
  allDone: '全部完成，可以正式使用。',
  done: '已完成',
  todo: '未完成',
  go: '前往',
  steps: {
    register_lms: {
      title: '注册学习平台（Moodle）',
      detail: (c: Record<string, number>) => `启用中的部署 ${c.deployments ?? 0} 个`,
    },
    import_tree: { title: '导入组织机构', detail: (c: Record<string, number>) => `学校 ${c.schools ?? 0} 所` },
    create_programme: {
      title: '开设培训项目',
      detail: (c: Record<string, number>) => `培训项目 ${c.instances ?? 0} 个`,
    },
    map_courses: {
      title: '关联与映射课程',
      detail: (c: Record<string, number>) => `已关联课程 ${c.linkedCourses ?? 0} 门，课程映射 ${c.mappings ?? 0} 条`,
    },
    invite_assessors: {
      title: '邀请审核人员',
      detail: (c: Record<string, number>) => `审核授权 ${c.assessors ?? 0} 项`,
    },
  } satisfies Record<ChecklistStep, { title: string; detail: (c: Record<string, number>) => string }>,
  assessors: '审核人员',
  assessorsIntro:
    '为学校指定“学校评定”审核人员，为区县指定“区县复核”人员。人员须先从课程进入过本工具（或已同步课程名单）。',
  search: '查找人员（姓名或邮箱）',
  find: '查找',
  noPeople: '没有找到匹配的人员。',
  scope: '审核范围（学校或区县）',
  filterScope: '筛选学校或区县',
  grant: '授权',
  revoke: '撤销',
  confirmRevoke: (name: string, org: string) => `撤销 ${name} 在“${org}”的审核权限吗？`,
  level: { school: '学校评定', county: '区县复核' },
  noGrants: '尚未授权审核人员。',
  noScopes: '还没有学校或区县：请先导入组织机构。',
  choosePerson: '请先查找并选择人员。',
  chooseScope: '请选择学校或区县。',
  granted: '已授权',
  already: '该人员已有此授权',
};
export type SetupStrings = typeof zh;

const en: SetupStrings = {
  checklist: 'Getting started',
  checklistIntro: 'Complete these steps in order to go live (each is judged from your data).',
  allDone: 'All done: you are ready to go live.',
  done: 'done',
  todo: 'to do',
  go: 'Go',
  steps: {
    register_lms: { title: 'Register the LMS (Moodle)', detail: (c) => `${c.deployments ?? 0} active deployments` },
    import_tree: { title: 'Import the organisation tree', detail: (c) => `${c.schools ?? 0} schools` },
    create_programme: { title: 'Create the programme', detail: (c) => `${c.instances ?? 0} programmes` },
    map_courses: {
      title: 'Link and map courses',
      detail: (c) => `${c.linkedCourses ?? 0} courses linked, ${c.mappings ?? 0} course mappings`,
    },
    invite_assessors: { title: 'Invite assessors', detail: (c) => `${c.assessors ?? 0} assessor grants` },
  },
  assessors: 'Assessors',
  assessorsIntro:
    'Name school assessors (school review) and county reviewers (county review). A person must have opened the tool from a course (or the roster must have been synced).',
  search: 'Find a person (name or email)',
  find: 'Find',
  noPeople: 'Nobody matches.',
  scope: 'Scope (school or county)',
  filterScope: 'Filter schools and counties',
  grant: 'Grant',
  revoke: 'Revoke',
  confirmRevoke: (name, org) => `Revoke ${name}'s assessor role at "${org}"?`,
  level: { school: 'School review', county: 'County review' },
  noGrants: 'No assessors yet.',
  noScopes: 'No schools or counties yet: import the organisation tree first.',
  choosePerson: 'Find and choose a person first.',
  chooseScope: 'Choose a school or county.',
  granted: 'Granted',
  already: 'This person already has this grant',
};

export const setupStrings = (lang: Lang): SetupStrings => (lang === 'en' ? en : zh);
