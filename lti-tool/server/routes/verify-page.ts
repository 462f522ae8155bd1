import type { Language } from '../../../shared/errors';
import { escapeHtml } from '../http/html';
import type { Verification } from '../services/certificates/view';

const TEXT = {
  'zh-CN': {
    title: '证书验证',
    valid: '有效证书',
    revoked: '证书已撤销',
    unknown: '未找到该证书。请核对链接是否完整，或联系发证单位。',
    name: '姓名',
    programme: '培训项目',
    date: '发证日期',
    status: '状态',
    revokedOn: '撤销日期',
    note: '本页仅显示验证所需的信息。',
    other: 'English',
    otherLang: 'en',
  },
  en: {
    title: 'Certificate verification',
    valid: 'Valid certificate',
    revoked: 'Certificate revoked',
    unknown: 'No such certificate. Check that the link is complete, or contact the issuing body.',
    name: 'Name',
    programme: 'Programme',
    date: 'Issued on',
    status: 'Status',
    revokedOn: 'Revoked on',
    note: 'This page shows only what verification needs.',
    other: '中文',
    otherLang: 'zh',
  },
} as const;

/** The public verification page: small, self-contained (no script, no external asset), readable at 360 px. */
export function verificationPage(v: Verification | null, lang: Language): string {
  const t = TEXT[lang];
  const rows = v
    ? [
        [t.name, v.name],
        [t.programme, v.programme],
        [t.date, v.issuedOn],
        [t.status, v.status === 'valid' ? t.valid : t.revoked],
        ...(v.revokedOn ? [[t.revokedOn, v.revokedOn]] : []),
      ]
    : [];
  const banner = v
    ? `<p class="${v.status}" role="status">${escapeHtml(v.status === 'valid' ? t.valid : t.revoked)}</p>`
    : `<p class="revoked" role="status">${escapeHtml(t.unknown)}</p>`;
  const table = rows
    .map(([k, val]) => `<tr><th scope="row">${escapeHtml(k ?? '')}</th><td>${escapeHtml(val ?? '')}</td></tr>`)
    .join('');
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(t.title)}</title>
<style>
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;padding:16px;color:#111;max-width:40rem}
h1{font-size:1.3rem}.valid{background:#e6f4ea;color:#14532d}.revoked{background:#fde8e8;color:#7f1d1d}
p[role=status]{padding:12px;border-radius:6px;font-weight:600}table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:8px 4px;border-bottom:1px solid #ddd;overflow-wrap:anywhere}th{width:7em;color:#444}
small{color:#555}a{color:#1d4ed8}
</style></head><body><main>
<h1>${escapeHtml(t.title)}</h1>${banner}${table ? `<table>${table}</table>` : ''}
<p><small>${escapeHtml(t.note)}</small></p><p><a href="?lang=${t.otherLang}">${t.other}</a></p>
</main></body></html>`;
}
