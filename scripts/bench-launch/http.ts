// Just enough of a browser for the launch benchmark: keep-alive HTTP/1.1 over node:http (cheaper for the driver than
// fetch, so more of the machine goes to the servers), one cookie jar per launch, no redirects followed.
import { Agent, request } from 'node:http';

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

export interface Reply {
  status: number;
  location?: string;
  body: string;
}

export class CookieJar {
  private readonly cookies = new Map<string, string>();

  header(): string | undefined {
    return this.cookies.size === 0 ? undefined : [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  store(setCookie: string[] | undefined): void {
    for (const line of setCookie ?? []) {
      const [pair = ''] = line.split(';');
      const index = pair.indexOf('=');
      if (index > 0) this.cookies.set(pair.slice(0, index).trim(), pair.slice(index + 1).trim());
    }
  }
}

export function send(
  url: string,
  options: {
    method?: 'GET' | 'POST';
    form?: Record<string, string>;
    jar?: CookieJar;
    headers?: Record<string, string>;
  },
): Promise<Reply> {
  const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
  const cookie = options.jar?.header();
  const headers: Record<string, string> = {
    'accept-language': 'zh-CN',
    ...(cookie ? { cookie } : {}),
    ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    ...options.headers,
  };
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? (body ? 'POST' : 'GET'), headers, agent }, (res) => {
      options.jar?.store(res.headers['set-cookie']);
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          location: res.headers.location,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The JSON inside `<script type="application/json" id="…">`. */
export function pageJson<T>(html: string, id: string): T {
  const match = new RegExp(`<script type="application/json" id="${id}">([\\s\\S]*?)</script>`).exec(html);
  if (!match?.[1]) throw new Error(`no #${id} JSON in page: ${html.slice(0, 300)}`);
  return JSON.parse(match[1]) as T;
}
