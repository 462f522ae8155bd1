/**
 * The HTML the simulator serves: Moodle's auto-submitting form (auth.php), plain result and error pages,
 * and a parser for the auto-post form so node-only tests can follow it with fetch.
 */
import { escapeHtml } from './util';

/** Moodle's `ltiAuthForm`: a form POST of the given fields, submitted by an inline script. */
export function autoPostForm(action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}"/>`)
    .join('\n');
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Redirecting</title></head><body>
<form action="${escapeHtml(action)}" name="ltiAuthForm" id="ltiAuthForm" method="post" enctype="application/x-www-form-urlencoded">
${inputs}
<noscript><button type="submit">Continue</button></noscript>
</form>
<script>
document.ltiAuthForm.submit();
</script>
</body></html>
`;
}

export function messagePage(title: string, message: string, details?: string): string {
  const extra = details ? `\n<pre id="details">${escapeHtml(details)}</pre>` : '';
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>
<h1>${escapeHtml(title)}</h1>
<p id="message">${escapeHtml(message)}</p>${extra}
</body></html>
`;
}

function unescapeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Reads back `action` and hidden fields of a page produced by `autoPostForm` (not a general HTML parser). */
export function parseAutoPostForm(html: string): { action: string; fields: Record<string, string> } {
  const form = /<form action="([^"]*)"[^>]*method="post"/.exec(html);
  if (form?.[1] === undefined) throw new Error('no auto-post form in page');
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)"\/>/g)) {
    fields[unescapeHtml(m[1] ?? '')] = unescapeHtml(m[2] ?? '');
  }
  return { action: unescapeHtml(form[1]), fields };
}
