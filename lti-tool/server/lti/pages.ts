import { pooledRandomBytes } from '../random-pool';
import type { Response } from 'express';
import type { Language } from '../../../shared/errors';
import { escapeHtml } from '../http/html';
import { sendNoStore } from '../http/reply';
import { LTI_ERRORS, type LtiError } from './errors';

/**
 * Small server-rendered pages of the LTI flow. Each gets a CSP with a per-response script nonce and the
 * `frame-ancestors` of the platform that frames it (or none).
 */
export function sendPage(
  res: Response,
  options: {
    status?: number;
    lang: Language;
    title: string;
    body: string;
    script?: string;
    frameAncestors?: string[];
    /** Built app files on our own origin (`/assets/…`). */
    assets?: { scripts: string[]; styles: string[] };
  },
): void {
  const nonce = pooledRandomBytes(16).toString('base64');
  const ancestors = options.frameAncestors?.length ? options.frameAncestors.join(' ') : "'none'";
  res.setHeader(
    'Content-Security-Policy',
    `default-src 'none'; script-src 'self' 'nonce-${nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; frame-src 'self' blob:; form-action *; base-uri 'none'; frame-ancestors ${ancestors}`,
  );
  sendNoStore(
    res,
    options.status ?? 200,
    'text/html; charset=utf-8',
    `<!doctype html>
<html lang="${options.lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
${(options.assets?.styles ?? []).map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`).join('')}
<style>body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:2rem;max-width:42rem;line-height:1.6;color:#1f2937}
.box{border:1px solid #e5e7eb;border-radius:8px;padding:1rem 1.25rem}.err{border-color:#fca5a5;background:#fef2f2}
button,.btn{font:inherit;padding:.5rem 1rem;border-radius:6px;border:1px solid #2563eb;background:#2563eb;color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
code{font-size:.85em;background:#f3f4f6;padding:.1rem .3rem;border-radius:4px}</style></head>
<body>${options.body}${options.script ? `<script nonce="${nonce}">${options.script}</script>` : ''}${(
      options.assets?.scripts ?? []
    )
      .map((src) => `<script type="module" src="${escapeHtml(src)}"></script>`)
      .join('')}</body></html>`,
  );
}

export function sendLtiError(res: Response, error: LtiError, lang: Language, frameAncestors?: string[]): void {
  const def = LTI_ERRORS[error.code];
  const primary = lang === 'en' ? def.en : def.zh;
  const secondary = lang === 'en' ? def.zh : def.en;
  sendPage(res, {
    status: error.status,
    lang,
    title: lang === 'en' ? 'Cannot open the tool' : '无法打开本工具',
    frameAncestors,
    body: `<div class="box err" role="alert"><h1>${lang === 'en' ? 'Cannot open the tool' : '无法打开本工具'}</h1>
<p>${escapeHtml(primary)}</p><p lang="${lang === 'en' ? 'zh-CN' : 'en'}">${escapeHtml(secondary)}</p>
<p><small>${lang === 'en' ? 'Error code' : '错误代码'}: <code>${escapeHtml(error.code)}</code></small></p></div>`,
  });
}

/** An HTML form that posts itself (deep-linking responses, Moodle's style), with a button when scripts are off. */
export function sendAutoPost(
  res: Response,
  options: { action: string; fields: Record<string, string>; lang: Language; frameAncestors?: string[] },
): void {
  const inputs = Object.entries(options.fields)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('');
  sendPage(res, {
    lang: options.lang,
    title: options.lang === 'en' ? 'Returning to the course…' : '正在返回课程…',
    frameAncestors: options.frameAncestors,
    body: `<form id="autopost" method="post" action="${escapeHtml(options.action)}">${inputs}
<p>${options.lang === 'en' ? 'Returning to the course…' : '正在返回课程…'}</p>
<noscript><button type="submit">${options.lang === 'en' ? 'Continue' : '继续'}</button></noscript></form>`,
    script: "document.getElementById('autopost').submit();",
  });
}
