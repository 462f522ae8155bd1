import type { Lang } from '../context';

/** The admin catalogue screen's words, Chinese first. */
const zh = {
  heading: '能力点目录与核实说明',
  help: '各项目所用的微能力点（及 1.0 课程主题）目录，连同配置人员的核实说明与待核实的名称。教师和审核人员只看到名称和规则，看不到这些说明。',
  catalogue: '目录',
  usedBy: (names: string) => `用于：${names}`,
  onlyToCheck: '只显示待核实的条目',
  counts: (entries: number, toCheck: number, placeholders: number) =>
    `共 ${entries} 条，待核实 ${toCheck} 条（其中名称待核实 ${placeholders} 条）`,
  empty: '没有待核实的条目。',
  noCatalogues: '没有可用的目录。',
  teachersSee: '教师看到的名称：',
  placeholder: '名称待核实',
  status: {
    confirmed: '已核实',
    'one-source': '单一来源',
    'best-available': '现有最佳资料',
    'name-unknown': '名称未知',
    institution: '机构自定',
  } as Record<string, string>,
  level: (l: string) => `把握程度：${l}`,
  template: (c: string) => `任务模板依据：${c}`,
  about: { entry: '条目', template: '任务模板', slot: '成果项' } as Record<string, string>,
};

const en: typeof zh = {
  heading: 'Catalogue and verification notes',
  help: 'The micro-abilities (and 1.0 course topics) each programme uses, with the notes for the people who configure it and the names still to be confirmed. Teachers and assessors see only the name and the rule, never these notes.',
  catalogue: 'Catalogue',
  usedBy: (names: string) => `Used by: ${names}`,
  onlyToCheck: 'Show only entries to check',
  counts: (entries: number, toCheck: number, placeholders: number) =>
    `${entries} entries, ${toCheck} to check (${placeholders} with a placeholder name)`,
  empty: 'Nothing left to check.',
  noCatalogues: 'No catalogue is available.',
  teachersSee: 'Teachers see: ',
  placeholder: 'name to confirm',
  status: {
    confirmed: 'confirmed',
    'one-source': 'one source',
    'best-available': 'best available',
    'name-unknown': 'name unknown',
    institution: 'institution-defined',
  },
  level: (l: string) => `confidence: ${l}`,
  template: (c: string) => `task template from: ${c}`,
  about: { entry: 'entry', template: 'task template', slot: 'evidence item' },
};

export type AbilityCatalogueStrings = typeof zh;
export const abilityCatalogueStrings = (lang: Lang): AbilityCatalogueStrings => (lang === 'en' ? en : zh);
