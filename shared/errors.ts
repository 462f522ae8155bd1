/**
 * The error contract shared by the server, the web app and the extension.
 * Every error a user can meet has a stable code, an HTTP status and a message in Chinese (first) and English.
 */
export interface ErrorDefinition {
  status: number;
  zh: string;
  en: string;
}

export const ERRORS = {
  bad_request: {
    status: 400,
    zh: '请求内容有误，请检查后重试。',
    en: 'The request is not valid. Please check it and try again.',
  },
  validation_failed: { status: 422, zh: '提交的内容未通过校验。', en: 'Some fields are not valid.' },
  unauthenticated: {
    status: 401,
    zh: '登录已失效，请从课程页面重新进入。',
    en: 'Your session has expired. Please open the tool again from your course.',
  },
  admin_key_invalid: {
    status: 401,
    zh: '管理密钥无效或已撤销。请在“管理 → API 密钥”中新建一个密钥。',
    en: 'The admin key is invalid or revoked. Create a new key under Admin → API keys.',
  },
  forbidden: { status: 403, zh: '您没有执行此操作的权限。', en: 'You do not have permission to do this.' },
  not_found: { status: 404, zh: '找不到所请求的内容。', en: 'The requested item was not found.' },
  conflict: {
    status: 409,
    zh: '内容已被他人修改，请刷新后重试。',
    en: 'This item was changed by someone else. Refresh and try again.',
  },
  payload_too_large: { status: 413, zh: '提交的内容过大。', en: 'The upload is too large.' },
  rate_limited: {
    status: 429,
    zh: '操作过于频繁，请稍后再试。',
    en: 'Too many requests. Please wait a moment and try again.',
  },
  database_unavailable: {
    status: 503,
    zh: '数据库暂时不可用，请稍后再试。',
    en: 'The database is temporarily unavailable. Please try again shortly.',
  },
  platform_unavailable: {
    status: 502,
    zh: '暂时无法连接学习平台，请稍后再试。',
    en: 'The learning platform could not be reached. Please try again shortly.',
  },
  launch_too_old: {
    status: 403,
    zh: '为安全起见，请从课程页面重新进入本工具后再生成连接码。',
    en: 'For your security, open the tool again from your course, then create the code.',
  },
  internal: {
    status: 500,
    zh: '服务器内部错误，请稍后再试。如问题持续，请联系管理员。',
    en: 'Something went wrong on our side. Please try again; if it persists, contact your administrator.',
  },
  course_not_linked: {
    status: 409,
    zh: '课程尚未关联研修项目，请联系管理员。',
    en: 'This course is not linked to a training programme yet. Please contact your administrator.',
  },
  school_required: {
    status: 409,
    zh: '请先选择您所在的学校。',
    en: 'Please choose your school first.',
  },
  ability_not_allowed: {
    status: 422,
    zh: '所选微能力点不符合本校的选择规则。',
    en: 'Some chosen micro-abilities are not allowed for your school.',
  },
  selection_locked: {
    status: 409,
    zh: '该能力点已提交成果，不能再撤选。',
    en: 'Evidence was already submitted for this micro-ability, so it can no longer be withdrawn.',
  },
  submission_not_editable: {
    status: 409,
    zh: '成果已提交或已评定，当前不能修改。',
    en: 'This evidence has been submitted or graded and cannot be changed now.',
  },
  evidence_incomplete: {
    status: 422,
    zh: '成果材料不完整或不符合要求，请按提示修改后再提交。',
    en: 'The evidence is incomplete or breaks a requirement. Fix the listed problems and submit again.',
  },
  evidence_text_too_long: {
    status: 422,
    zh: '文字过长，请删减后再保存，或把长内容作为文档上传。',
    en: 'The text is too long. Shorten it, or upload the long part as a document.',
  },
  evidence_video_too_long: {
    status: 422,
    zh: '视频超过时长上限，请剪辑后再上传。',
    en: 'The video is longer than the limit. Trim it, then upload it again.',
  },
  file_type_not_allowed: {
    status: 415,
    zh: '不支持该文件类型，或文件内容与扩展名不符。',
    en: 'This file type is not accepted, or the content does not match the file name.',
  },
  invalid_review_state: {
    status: 409,
    zh: '该成果当前不处于可审核的状态。',
    en: 'This submission is not in a state that can be reviewed now.',
  },
  school_review_by_county: {
    status: 403,
    zh: '学校评定须由本校评审人员完成。区县人员请在学校评定之后进行区县复核（确认或改评）。',
    en: "The school grade is given by the school's assessor. County staff confirm or override it after the school has graded.",
  },
  county_review_by_school: {
    status: 403,
    zh: '区县复核须由区县评审人员完成（从关联到区县的课程进入本工具）。',
    en: 'The county review is done by county reviewers (open the tool from a course linked to the county).',
  },
  same_assessor_both_levels: {
    status: 403,
    zh: '本项目要求两级审核由不同人员完成：您已给出该成果的学校评定，请由区县的其他评审人员复核。',
    en: 'This programme needs two different people: you gave the school grade on this submission, so another county reviewer must review it.',
  },
  required_item_missing: {
    status: 422,
    zh: '缺少必交材料：本项目规定缺项不直接判为不合格，请退回教师补交后再评定。',
    en: 'A required item is missing: this programme does not fail a submission on form alone. Return it to the teacher to add the item, then grade it.',
  },
  grades_incomplete: {
    status: 422,
    zh: '请为每一项已提交的材料给出评定。',
    en: 'Grade every item that was submitted.',
  },
  ability_not_selected: {
    status: 409,
    zh: '请先选择该微能力点，再提交成果。',
    en: 'Choose this micro-ability before adding evidence for it.',
  },
  invalid_credentials: {
    status: 401,
    zh: '数据来源的凭据无效或已停用。',
    en: 'The source credentials are not valid or the source is disabled.',
  },
  xapi_version_required: {
    status: 400,
    zh: '缺少或不支持的 X-Experience-API-Version 请求头（支持 1.0.x）。',
    en: 'The X-Experience-API-Version header is missing or not supported (1.0.x is).',
  },
  org_import_unreadable: {
    status: 422,
    zh: '无法读取组织机构文件：请上传 CSV（UTF-8）或 XLSX 文件，可从“组织机构”页面下载模板。',
    en: 'The organisation file cannot be read: upload a CSV (UTF-8) or XLSX file; download the template on the Organisations screen.',
  },
  org_import_too_large: {
    status: 413,
    zh: '组织机构文件最大 5 MB，请按市拆分后分批导入。',
    en: 'An organisation file may be at most 5 MB: split it by city and import the parts one by one.',
  },
  org_import_too_many_rows: {
    status: 422,
    zh: '组织机构文件最多 20,000 行数据，请按市拆分后分批导入。',
    en: 'An organisation file may hold at most 20,000 data rows: split it by city and import the parts one by one.',
  },
  org_import_header: {
    status: 422,
    zh: '文件第 1 行没有可识别的列名（如“区县代码”“学校名称”），请使用下载的模板。',
    en: 'Row 1 of the file has no known column names (such as “County code”, “School name”): use the downloadable template.',
  },
  programme_unknown: {
    status: 422,
    zh: '未知的培训项目定义（definitionId）：请从“培训项目”页面的列表中选择。',
    en: 'Unknown programme definition (definitionId): choose one from the list on the Programmes screen.',
  },
  programme_region_invalid: {
    status: 422,
    zh: '实施区域（regionOrganisationId）须为本机构的省、市或区县：请先导入组织机构，再从列表中选择。',
    en: 'The region (regionOrganisationId) must be a province, city or county of your institution: import the organisation tree first, then choose one.',
  },
  programme_instance_exists: {
    status: 409,
    zh: '该区域已有相同项目、学年和批次的培训项目：请修改批次名称或学年，或编辑已有项目。',
    en: 'This region already runs the same programme for these years and batch: change the batch or years, or edit the existing one.',
  },
  programme_overrides_invalid: {
    status: 422,
    zh: '参数调整不符合项目定义：详见各参数的说明后修改。',
    en: 'Some parameter overrides do not fit the programme definition: see each parameter and correct it.',
  },
  assessor_person_unknown: {
    status: 422,
    zh: '找不到该人员（personId）：人员须先从课程进入过本工具，或在“课程与研修项目”中同步过名单。',
    en: 'Unknown person (personId): the person must have opened the tool from a course, or the course roster must have been synced.',
  },
  assessor_organisation_invalid: {
    status: 422,
    zh: '审核范围（organisationId）须为本机构的学校（学校评定）或区县（区县复核）：请先导入组织机构。',
    en: 'The scope (organisationId) must be a school (school review) or a county (county review) of your institution: import the organisation tree first.',
  },
  unsupported_media_type: {
    status: 415,
    zh: '不支持的内容类型。',
    en: 'This content type is not supported here.',
  },
  pairing_code_invalid: {
    status: 400,
    zh: '连接码无效、已过期或已使用，请在工具中重新生成。',
    en: 'The connection code is invalid, expired or already used. Create a new one in the tool.',
  },
  invalid_grant: {
    status: 400,
    zh: '浏览器扩展的连接已失效，请重新连接。',
    en: 'The browser extension is no longer connected. Please connect it again.',
  },
  invalid_token: {
    status: 401,
    zh: '访问令牌无效或已过期。',
    en: 'The access token is invalid or has expired.',
  },
  idempotency_key_required: {
    status: 400,
    zh: '缺少或无效的 Idempotency-Key 请求头。',
    en: 'The Idempotency-Key header is missing or not valid.',
  },
  idempotency_key_reused: {
    status: 422,
    zh: '该 Idempotency-Key 已用于另一份不同的摘录。',
    en: 'This Idempotency-Key was already used for a different clip.',
  },
  clip_in_progress: {
    status: 409,
    zh: '这份摘录正在保存，请稍后重试。',
    en: 'This clip is still being saved. Try again shortly.',
  },
  clip_too_large: {
    status: 413,
    zh: '摘录内容过大，请只保存链接或所选文字。',
    en: 'The clip is too large. Save the link or the selection only.',
  },
  export_not_ready: {
    status: 409,
    zh: '文件尚未生成完成，请等待进度达到 100% 后再下载。',
    en: 'The file is not ready yet. Wait until the progress reaches 100% and download it then.',
  },
  export_period_invalid: {
    status: 422,
    zh: '统计周期无效：结束日期须不早于开始日期，且跨度不超过 366 天。',
    en: 'The period is not valid: the end must not be before the start, and it may span at most 366 days.',
  },
  export_scope_required: {
    status: 403,
    zh: '只有区县或承训机构的管理人员可以导出报表，请从关联到区县的课程进入。',
    en: 'Only county or institution officials can export reports. Open the tool from a course linked to a county.',
  },
  certificate_not_eligible: {
    status: 409,
    zh: '尚未达到结业要求，暂不能生成证书。请在“我的进度”中查看还缺少的学时或能力点考核。',
    en: 'You do not meet the programme yet, so there is no certificate. See “My progress” for the hours or abilities still missing.',
  },
  hours_allocation_required: {
    status: 409,
    zh: '区县尚未设置跨年度学时分配比例，请先由区县在“学时登记”中设置各学年的比例（合计 100%）。',
    en: 'The county has not set the cross-year allocation. The county sets each school year’s share (100% in total) under “Hours registration” first.',
  },
  hours_allocation_invalid: {
    status: 422,
    zh: '分配比例无效：学年须在本项目的起止学年之内，且各学年比例之和须为 100。',
    en: 'The allocation is not valid: the school years must lie within the programme’s years and the shares must sum to 100.',
  },
  hours_registration_state: {
    status: 409,
    zh: '当前状态下不能执行此操作（例如：已提交的登记须先由区县退回，已锁定的登记只能另行更正）。',
    en: 'This step is not possible in the registration’s current state (a submitted one must be returned first; a locked one can only be corrected by a new entry).',
  },
  hours_registration_same_person: {
    status: 403,
    zh: '提交与审核须由不同人员完成：请由区县的另一位审核人员退回或锁定。',
    en: 'Submitting and auditing must be done by different people: another county officer returns or locks it.',
  },
  certificate_revoked: {
    status: 410,
    zh: '该证书已被区县撤销，不能再下载。如有疑问，请联系区县教师发展中心。',
    en: 'This certificate was revoked by the county and can no longer be downloaded. Contact the county centre if in doubt.',
  },
  oversight_forbidden: {
    status: 403,
    zh: '您没有学校或区县的查看权限。请联系机构管理员在“管理 → 角色授权”中为您授予学校管理团队或区县管理员角色。',
    en: 'You have no school or county view. Ask your institution administrator to grant you a school team or county role under Admin → Role grants.',
  },
  role_organisation_mismatch: {
    status: 422,
    zh: '角色与机构层级不符：学校管理团队须授予学校，区县管理员须授予区县，市级管理员须授予地市。请改选对应层级的机构。',
    en: 'The role does not fit the organisation: school team → a school, county officer → a county, city officer → a city. Choose an organisation of that level.',
  },
  role_person_unknown: {
    status: 422,
    zh: '找不到该人员（邮箱）。请先让其从课程进入本工具一次，或检查邮箱拼写。',
    en: 'No person with this email. Ask them to open the tool from their course once, or check the spelling.',
  },
  role_import_too_large: {
    status: 413,
    zh: '名单过大：最多 2,000 行、256 KB。请分批导入。',
    en: 'The roster is too large: at most 2,000 rows and 256 KB. Import it in parts.',
  },
  role_import_header: {
    status: 422,
    zh: '名单表头须包含“邮箱, 角色, 机构代码”（或 email, role, organisation_code）。请下载模板后重试。',
    en: 'The roster header must contain email, role, organisation_code (or 邮箱, 角色, 机构代码). Download the template and try again.',
  },
  course_ability_unknown: {
    status: 422,
    zh: '能力点代码不在该研修项目的能力点目录中：请从列表中选择（如 A1），或先为课程选择正确的研修项目。',
    en: "The ability code is not in the programme's catalogue: pick one from the list (such as A1), or choose the course's programme first.",
  },
  school_team_required: {
    status: 403,
    zh: '只有本校信息化管理团队的成员可以上传和提交学校文档：请由管理员在“管理 → 角色授权”中授予“学校管理团队”。',
    en: "Only the school's IT management team uploads and submits school documents: ask the administrator for the school team role (Admin → Role grants).",
  },
  county_admin_required: {
    status: 403,
    zh: '只有学校所属区县的管理员可以审核学校文档。',
    en: "Only an administrator of the school's county reviews school documents.",
  },
  school_profile_forbidden: {
    status: 403,
    zh: '只有本校信息化管理团队（校长牵头）或机构管理员可以修改学校概况；区县、地市只能查看。',
    en: "Only the school's IT management team (led by the principal) or the institution admin edits the school profile; counties and cities only read it.",
  },
  school_principal_required: {
    status: 403,
    zh: '管理团队的成员由校长或机构管理员调整；首次标记校长须由机构管理员完成。',
    en: 'The principal or the institution admin changes the management team; the institution admin marks the first principal.',
  },
  school_principal_not_member: {
    status: 422,
    zh: '校长须是本校信息化管理团队的成员（personId）：请先把其加入管理团队，或先把校长标记交给团队中的另一位成员。',
    en: "The principal must be a member of the school's management team (personId): add them to the team first, or hand the principal's mark to another member first.",
  },
  school_shortlist_invalid: {
    status: 422,
    zh: '能力点清单（abilityShortlist）中有不可选的能力点：只能选学校教学环境可用的能力点，最多 30 个。',
    en: "The shortlist (abilityShortlist) holds abilities the school may not choose: only abilities of the school's teaching environment, at most 30.",
  },
  school_environment_date: {
    status: 422,
    zh: '诊断日期（environment.diagnosedOn）不能晚于今天，请填写实际完成诊断的日期。',
    en: 'The diagnosis date (environment.diagnosedOn) cannot be in the future: give the day the diagnosis was made.',
  },
  school_group_exists: {
    status: 409,
    zh: '本校已有同名教研组（name）：请换一个名称，或直接使用已有的教研组。',
    en: 'This school already has a 教研组 of that name (name): choose another name, or use the existing group.',
  },
  school_group_in_use: {
    status: 409,
    zh: '该教研组仍有成员、研修计划或活动记录，不能删除：请先移出成员；有记录的教研组可以改名，不能删除。',
    en: 'This 教研组 still has members, a research plan or activities and cannot be deleted: move its members out first; a group with records can be renamed, not deleted.',
  },
  school_groups_limit: {
    status: 409,
    zh: '每所学校最多 50 个教研组：请合并或改名已有的教研组。',
    en: 'A school has at most 50 教研组: merge or rename existing groups.',
  },
  school_teacher_not_enrolled: {
    status: 422,
    zh: '名单（enrolmentIds）中有不是本校本项目参训教师的人员：请刷新页面后从本校教师中选择。',
    en: "The list (enrolmentIds) holds someone who is not one of this school's teachers in the programme: refresh and choose from the school's teachers.",
  },
  teacher_import_too_large: {
    status: 413,
    zh: '教师名单文件最大 1 MB、最多 2,000 行：请拆分后分批导入（每个文件保留表头）。',
    en: 'A teacher roster file may be at most 1 MB and 2,000 rows: split it and import the parts (each with the header).',
  },
  teacher_import_unreadable: {
    status: 422,
    zh: '无法读取教师名单文件：请上传 CSV（UTF-8 或 GBK）或 XLSX 文件，可在“学校概况 → 导入教师名单”下载模板。',
    en: 'The teacher roster cannot be read: upload a CSV (UTF-8 or GBK) or XLSX file; download the template under School profile → Import teachers.',
  },
  teacher_import_header: {
    status: 422,
    zh: '教师名单第 1 行须包含“姓名”以及“邮箱”或“工号”列（header）：请使用下载的模板。',
    en: 'Row 1 of the roster (header) must have "Name" and "E-mail" or "Staff number" columns: use the downloadable template.',
  },
  artefact_state: {
    status: 409,
    zh: '当前状态下不能执行此操作：已提交的文档须等区县审核后才能上传新版本，只有待审核的文档可以通过或退回。请刷新后重试。',
    en: 'This step is not possible in the document’s current state: a submitted one waits for the county before a new version, and only a submitted one can be approved or returned. Refresh and try again.',
  },
  artefact_stale_version: {
    status: 409,
    zh: '该版本已不是最新（或待审核）的版本：请刷新页面，按最新版本操作。',
    en: 'This version is no longer the latest (or the one under review): refresh the page and act on the latest version.',
  },
  artefact_too_many_versions: {
    status: 409,
    zh: '每份文档最多保留 50 个版本：请联系区县，确认后再上传。',
    en: 'A document keeps at most 50 versions: contact your county before uploading another.',
  },
  artefact_group_required: {
    status: 422,
    zh: '教研组研修计划须选择本校的一个教研组（groupId）；学校规划和研修方案不选教研组。',
    en: "A group research plan needs one of this school's 教研组 (groupId); the school's own plans take none.",
  },
  artefact_same_person: {
    status: 403,
    zh: '提交与审核须由不同人员完成：请由区县的另一位管理员审核。',
    en: 'Submitting and reviewing must be done by different people: another county officer reviews it.',
  },
  incentives_off: {
    status: 409,
    zh: '本项目没有设置这项区县奖励（项目参数 incentives）：请由机构管理员在项目设置中开启后再确认。',
    en: 'This programme grants no such incentive (programme parameters incentives.*): an institution administrator turns it on in the programme settings first.',
  },
  incentive_not_eligible: {
    status: 409,
    zh: '该教师或学校目前不符合这项奖励的条件（details.subjectIds 列出）：待其学时、成绩达到要求后再确认。',
    en: 'These teachers or schools do not meet the incentive rule today (listed in details.subjectIds): confirm once their hours or grades meet it.',
  },
  incentive_county_required: {
    status: 403,
    zh: '只有学校所属区县的管理员可以确认或撤销区县奖励。',
    en: "Only an administrator of the school's county confirms or withdraws incentives.",
  },
} as const satisfies Record<string, ErrorDefinition>;

export type ErrorCode = keyof typeof ERRORS;

/** The JSON body of every error response. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    details?: unknown;
    requestId?: string;
  };
}

export type Language = 'zh-CN' | 'en';

export function errorMessage(code: ErrorCode, lang: Language): string {
  const def: ErrorDefinition = ERRORS[code];
  return lang === 'en' ? def.en : def.zh;
}
