import type { Lang } from '../context';

/** Certificate screens' words, Chinese first. */
const zh = {
  mine: '结业证书',
  notYet: '达到结业要求（学时与能力点考核）后，可在这里下载结业证书。',
  ready: '您已达到结业要求，可以下载结业证书（PDF）。',
  download: '下载结业证书',
  downloading: '正在生成…',
  serial: '证书编号',
  issuedOn: '发证日期',
  verify: '验证链接',
  revoked: '该证书已被区县撤销。如有疑问，请联系区县教师发展中心。',
  county: '结业证书管理',
  countyIntro: '按学校批量生成结业证书（一个 PDF，每位达标教师一页），或撤销有问题的证书。生成进度与下载见“报表导出”。',
  school: '学校',
  chooseSchool: '请选择学校',
  batch: '生成本校证书',
  queued: '已提交，生成后可在“报表导出”中下载。',
  list: '已发证书',
  none: '还没有发出的证书。',
  grade: { pass: '合格', excellent: '优秀' },
  status: { valid: '有效', revoked: '已撤销' },
  hours: '学时',
  revoke: '撤销',
  reason: '撤销原因（2–500 字，将记入审计日志）',
  confirmRevoke: (name: string) => `确定撤销 ${name} 的结业证书吗？撤销后验证页面将显示“已撤销”，且不能恢复。`,
  cancel: '取消',
  confirm: '确认撤销',
};
type Strings = typeof zh;

const en: Strings = {
  mine: 'Certificate',
  notYet: 'Once you meet the programme (hours and ability assessments), download your certificate here.',
  ready: 'You meet the programme: download your certificate (PDF).',
  download: 'Download certificate',
  downloading: 'Preparing…',
  serial: 'Serial number',
  issuedOn: 'Issued on',
  verify: 'Verification link',
  revoked: 'This certificate was revoked by the county. Contact the county centre if in doubt.',
  county: 'Certificates',
  countyIntro:
    'Produce a school’s certificates as one PDF (a page per teacher who meets the programme), or revoke one. Progress and downloads are under “Report exports”.',
  school: 'School',
  chooseSchool: 'Choose a school',
  batch: 'Produce the school’s certificates',
  queued: 'Requested: download it under “Report exports” when it is ready.',
  list: 'Issued certificates',
  none: 'No certificate has been issued yet.',
  grade: { pass: 'Pass', excellent: 'Excellent' },
  status: { valid: 'Valid', revoked: 'Revoked' },
  hours: 'hours',
  revoke: 'Revoke',
  reason: 'Reason (2–500 characters, kept in the audit log)',
  confirmRevoke: (name: string) =>
    `Revoke ${name}’s certificate? Verification will then say “revoked”; this cannot be undone.`,
  cancel: 'Cancel',
  confirm: 'Revoke',
};

export const certificateStrings = (lang: Lang): Strings => (lang === 'en' ? en : zh);
