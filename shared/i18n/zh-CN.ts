/**
 * Simplified-Chinese messages (the default language). Placeholders are `{name}`; see render.ts.
 * Keys are grouped by the module that uses them; en.ts must define exactly the same keys.
 */
export const zhCN = {
  // Overall state
  'state.not_started': '尚未开始',
  'state.in_progress': '进行中，还有需要完成的事项',
  'state.awaiting_review': '本人事项已完成，等待学校审核',
  'state.ready_to_certify': '已满足全部要求，可认定学时',
  'state.certified': '已认定，证书于 {issuedAt} 颁发',

  // Requirements: one sentence when met, one when not
  'requirement.self-assessment.met': '学前测评已完成（{actual}/{required} 项指标）',
  'requirement.self-assessment.unmet': '学前测评未完成：已作答 {actual}/{required} 项指标',
  'requirement.hours-total.met': '总学时 {actual} 学时，达到不少于 {required} 学时的要求',
  'requirement.hours-total.unmet': '总学时 {actual} 学时，还差 {missing} 学时（要求不少于 {required} 学时）',
  'requirement.hours-online.met': '网络研修 {actual} 学时，达到不少于 {required} 学时的要求',
  'requirement.hours-online.unmet': '网络研修 {actual} 学时，还差 {missing} 学时（要求不少于 {required} 学时）',
  'requirement.hours-practice.met': '校本实践应用 {actual} 学时，达到不少于 {required} 学时的要求',
  'requirement.hours-practice.unmet': '校本实践应用 {actual} 学时，还差 {missing} 学时（要求不少于 {required} 学时）',
  'requirement.practice-share.met': '实践应用学时占 {actual}%，不低于 {required}%',
  'requirement.practice-share.unmet': '实践应用学时占 {actual}%，低于要求的 {required}%',
  'requirement.abilities-selected.met': '已选 {actual} 个可计入的能力点，达到至少 {required} 个的要求',
  'requirement.abilities-selected.unmet': '已选 {actual} 个可计入的能力点，至少需要 {required} 个',
  'requirement.dimensions-selected.met': '所选能力点覆盖 {actual} 个维度，达到至少 {required} 个的要求',
  'requirement.dimensions-selected.unmet': '所选能力点覆盖 {actual} 个维度，至少需要 {required} 个',
  'requirement.abilities-passed.met': '{actual} 个能力点考核合格或优秀，达到至少 {required} 个的要求',
  'requirement.abilities-passed.unmet': '{actual} 个能力点考核合格或优秀，至少需要 {required} 个',
  'requirement.dimensions-passed.met': '考核合格的能力点覆盖 {actual} 个维度，达到至少 {required} 个的要求',
  'requirement.dimensions-passed.unmet': '考核合格的能力点覆盖 {actual} 个维度，至少需要 {required} 个',

  // Why a selection does not count
  'selection.unknown-ability': '能力点 {code} 不在目录“{catalogue}”中，不计入',
  'selection.environment-not-available':
    '{code} 属于{environment}，本校为{schoolEnvironment}，只能选 {allowed} 类能力点，不计入',
  'selection.not-on-shortlist': '{code} 不在学校的能力点清单（{shortlist}）中，不计入',
  'selection.duplicate': '{code} 重复选择，只计一次',
  'selection.not-applicable': '本项目（{programme}）不考核能力点，所选 {code} 不计入',

  // Why hours do not count in full
  'hours.outside-window': '{schoolYear} 学年的 {hours} 学时不在项目周期（{startYear}–{endYear} 学年）内，不计入',
  'hours.unknown-topic': '课程 {courseId} 不是本项目的专题课程，{hours} 学时不计入',
  'hours.capped-course': '课程 {courseId} 超过单门课程上限 {max} 学时，超出的 {excess} 学时不计入',
  'hours.capped-category': '{category}超过上限 {max} 学时，超出的 {excess} 学时不计入',

  // Evidence problems
  'evidence.missing-slot': '缺少必交材料“{slot}”',
  'evidence.wrong-extension': '“{slot}”的文件格式 .{extension} 不符合要求（允许：{allowed}）',
  'evidence.too-large': '“{slot}”的文件为 {size} MB，超过上限 {max} MB',
  'evidence.too-long': '“{slot}”的视频为 {minutes} 分钟，超过上限 {max} 分钟',
  'evidence.too-short': '“{slot}”为 {characters} 字，少于 {min} 字',
  'evidence.unknown-slot': '材料 {slotId} 不属于 {code} 的提交要求，已忽略',
  'evidence.without-selection': '{code} 的提交材料没有对应的可计入选择，已忽略',

  // Next actions, highest priority first
  'action.deadline-passed': '项目截止日期 {deadline} 已过，请联系学校或区县确认补办安排',
  'action.complete-self-assessment': '先完成学前测评（已作答 {answered}/{required} 项），完成后才能选课学习',
  'action.resubmit-evidence': '{code} {name} 的材料已被退回，请按审核意见修改后重新提交',
  'action.rework-failed-ability': '{code} {name} 考核不合格，请修改材料重新提交，或改选其他能力点',
  'action.choose-abilities': '再选择 {missing} 个本校可选的能力点（可选环境：{allowed}）',
  'action.cover-dimensions': '补选能力点以覆盖更多维度，尚未覆盖：{dimensions}',
  'action.complete-evidence': '完善 {code} {name} 的材料：{problems}',
  'action.submit-evidence': '{code} {name} 的材料已齐全，请提交学校审核',
  'action.log-online-hours': '还需网络研修 {missing} 学时',
  'action.log-practice-hours': '还需校本实践应用 {missing} 学时',
  'action.log-hours': '还需 {missing} 学时',
  'action.await-review': '{codes} 的材料正在等待学校审核',
  'action.request-certification': '已满足全部要求，请学校或区县认定学时、颁发证书',

  // Labels used as parameters
  'label.category.online': '网络研修',
  'label.category.practice': '校本实践应用',
  'label.school.multimedia': '多媒体教学环境学校',
  'label.school.blended': '混合学习环境学校',
  'label.school.smart': '智慧学习环境学校',
  'label.grade.excellent': '优秀',
  'label.grade.pass': '合格',
  'label.grade.fail': '不合格',
  'label.none': '无',
  'label.kind.document': '文档',
  'label.kind.slides': '演示文稿',
  'label.kind.video': '视频',
  'label.kind.image': '图片',
  'label.kind.link': '链接',
  'label.kind.text': '文本',

  // Catalogue import (CSV / JSON) errors and warnings
  'catalogue.csv.unterminated-quote': '引号未闭合（从第 {row} 行开始）',
  'catalogue.csv.stray-quote': '第 {row} 行：未加引号的字段中出现了引号',
  'catalogue.csv.empty': '文件中没有数据行',
  'catalogue.csv.missing-column': '缺少必需的列“{column}”（可用表头：{aliases}）',
  'catalogue.csv.unknown-column': '无法识别的列“{column}”，已忽略',
  'catalogue.csv.duplicate-column': '列“{column}”重复出现',
  'catalogue.csv.column-count': '第 {row} 行有 {actual} 个字段，表头有 {expected} 个',
  'catalogue.field.required': '“{field}”不能为空',
  'catalogue.field.invalid-choice': '“{field}”的值“{value}”无效，可选：{allowed}',
  'catalogue.field.invalid-number': '“{field}”应为正数，实际为“{value}”',
  'catalogue.field.invalid-boolean': '“{field}”应为 是/否，实际为“{value}”',
  'catalogue.field.invalid-code': '“{field}”的值“{value}”格式不对，应为字母加数字，如 A1',
  'catalogue.field.invalid-id': '“{field}”的值“{value}”应由小写字母、数字和连字符组成，如 lesson-plan',
  'catalogue.field.inconsistent': '{code} 的“{field}”与第 {firstRow} 行不一致',
  'catalogue.field.missing-english': '{code} 缺少英文名称，已用中文代替',
  'catalogue.duplicate-ability': '能力点 {code} 重复定义',
  'catalogue.duplicate-slot': '{code} 的材料编号 {slotId} 重复',
  'catalogue.no-required-slot': '{code} 至少需要一项必交材料',
  'catalogue.missing-rubric': '{code} 缺少{grade}标准',
  'catalogue.unknown-reference': '“{field}”引用了不存在的“{value}”',
  'catalogue.json.syntax': 'JSON 格式错误：{detail}',
  'catalogue.empty': '目录中没有能力点',

  // Programme data files
  'programme.id-mismatch': 'id“{id}”与文件名不一致',
  'programme.unknown-catalogue': '目录“{catalogueId}”不存在',
  'programme.unknown': '未知的项目“{id}”，可用：{known}',

  // Input validation (CLI, server)
  'input.invalid-json': '输入文件不是有效的 JSON：{detail}',
  'input.invalid-field': '字段 {path} 无效：{detail}',
} as const;

export type MessageKey = keyof typeof zhCN;
