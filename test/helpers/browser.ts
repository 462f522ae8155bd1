/**
 * Just enough of a browser for HTTP-level LTI tests: a cookie jar keyed by host (as browsers do, ports ignored),
 * form posts, and helpers to read the pages the tool and the platform render. Real-browser runs are in test/e2e.
 */
export class TestBrowser {
  private readonly jar = new Map<string, Map<string, string>>();

  cookies(host: string): Map<string, string> {
    let cookies = this.jar.get(host);
    if (!cookies) this.jar.set(host, (cookies = new Map()));
    return cookies;
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.request(url, { method: 'GET', headers });
  }

  async post(
    url: string,
    form: Record<string, string | string[]>,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const value of ([] as string[]).concat(v)) body.append(k, value);
    return this.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: body.toString(),
    });
  }

  private async request(url: string, init: { method: string; headers: Record<string, string>; body?: string }) {
    const host = new URL(url).hostname;
    const cookie = [...this.cookies(host)].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(url, {
      ...init,
      headers: { ...(cookie ? { cookie } : {}), ...init.headers },
      redirect: 'manual',
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const maxAge = attributes.map((a) => a.trim().toLowerCase()).find((a) => a.startsWith('max-age='));
      if (maxAge === 'max-age=0') this.cookies(host).delete(name);
      else this.cookies(host).set(name, pair.slice(index + 1).trim());
    }
    return response;
  }
}

function unescapeHtml(value: string): string {
  return value
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The JSON inside `<script type="application/json" id="…">`. */
export function pageJson<T>(html: string, id: string): T {
  const match = new RegExp(`<script type="application/json" id="${id}">([\\s\\S]*?)</script>`).exec(html);
  if (!match?.[1]) throw new Error(`no #${id} JSON in page:\n${html.slice(0, 500)}`);
  return JSON.parse(match[1]) as T;
}

/** The first form of a page: its action and its fields (hidden inputs and checkbox values). */
export function pageForm(html: string): { action: string; fields: Record<string, string[]> } {
  const form = /<form[^>]*\baction="([^"]*)"/i.exec(html);
  if (!form?.[1]) throw new Error(`no form in page:\n${html.slice(0, 500)}`);
  const fields: Record<string, string[]> = {};
  for (const m of html.matchAll(/<input\b[^>]*>/gi)) {
    const name = /\bname="([^"]*)"/.exec(m[0])?.[1];
    const value = /\bvalue="([^"]*)"/.exec(m[0])?.[1] ?? '';
    if (name) (fields[unescapeHtml(name)] ??= []).push(unescapeHtml(value));
  }
  return { action: unescapeHtml(form[1]), fields };
}
