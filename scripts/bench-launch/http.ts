// Just enough of a browser for the launch benchmark: HTTP/1.1 with keep-alive, written straight onto loopback TCP
// sockets (node:net), one cookie jar per launch, no redirects followed. The same code drives both servers. It sends
// what a browser sends and reads every response whole (status, headers, cookies, the body to its last byte, by
// Content-Length or chunked), but without node:http's request and response objects and streams, which cost the
// driver, on the same cores as the servers, about as much CPU per request as a lean server spends answering it.
import { connect, type Socket } from 'node:net';

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

interface Parsed {
  status: number;
  headers: Map<string, string>;
  setCookie: string[];
  body: Buffer;
  keepAlive: boolean;
}

const CRLF2 = Buffer.from('\r\n\r\n');

/**
 * One response from `data` when it holds a whole one; undefined while more bytes are needed. Throws on what is not
 * HTTP/1.1 as servers send it (the benchmark must fail loudly, never read half a page).
 */
function parseResponse(data: Buffer): Parsed | undefined {
  const headEnd = data.indexOf(CRLF2);
  if (headEnd < 0) return undefined;
  const lines = data.toString('latin1', 0, headEnd).split('\r\n');
  const statusLine = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '');
  if (!statusLine) throw new Error(`not an HTTP response: ${(lines[0] ?? '').slice(0, 100)}`);
  const headers = new Map<string, string>();
  const setCookie: string[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'set-cookie') setCookie.push(value);
    else headers.set(name, value);
  }
  const start = headEnd + 4;
  const keepAlive = (headers.get('connection') ?? '').toLowerCase() !== 'close';
  const status = Number(statusLine[1]);
  const length = headers.get('content-length');
  if (length !== undefined) {
    const end = start + Number(length);
    if (data.length < end) return undefined;
    return { status, headers, setCookie, body: data.subarray(start, end), keepAlive };
  }
  if ((headers.get('transfer-encoding') ?? '').toLowerCase().includes('chunked')) {
    const parts: Buffer[] = [];
    let at = start;
    for (;;) {
      const lineEnd = data.indexOf('\r\n', at);
      if (lineEnd < 0) return undefined;
      const size = parseInt(data.toString('latin1', at, lineEnd), 16);
      if (Number.isNaN(size)) throw new Error('bad chunk size');
      const chunkStart = lineEnd + 2;
      if (size === 0) {
        // No trailers from these servers: the body ends with an empty line.
        if (data.length < chunkStart + 2) return undefined;
        return { status, headers, setCookie, body: Buffer.concat(parts), keepAlive };
      }
      if (data.length < chunkStart + size + 2) return undefined;
      parts.push(data.subarray(chunkStart, chunkStart + size));
      at = chunkStart + size + 2;
    }
  }
  // No length and not chunked: only a bodiless status may do that here (204, 304), or the body runs to the close.
  if (status === 204 || status === 304 || (status >= 100 && status < 200))
    return { status, headers, setCookie, body: Buffer.alloc(0), keepAlive };
  throw new Error(`response ${status} without Content-Length or chunked encoding`);
}

/** Idle keep-alive connections per host:port, as a browser's pool keeps them. */
const idle = new Map<string, Socket[]>();

function openSocket(key: string, host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, noDelay: true });
    // An idle connection the server closes or resets leaves the pool (an exchange in flight hears it too).
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const list = idle.get(key);
      const index = list?.indexOf(socket) ?? -1;
      if (index >= 0) list?.splice(index, 1);
    });
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

function release(key: string, socket: Socket): void {
  const list = idle.get(key) ?? [];
  list.push(socket);
  idle.set(key, list);
}

/** One request and its whole response on one connection; rejects if the connection fails or closes first. */
function exchange(socket: Socket, request: Buffer): Promise<{ parsed: Parsed; received: boolean }> {
  return new Promise((resolve, reject) => {
    let data: Buffer = Buffer.alloc(0);
    const done = (err: Error | undefined, parsed?: Parsed) => {
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('close', onClose);
      if (err) reject(Object.assign(err, { received: data.length > 0 }));
      else resolve({ parsed: parsed as Parsed, received: true });
    };
    const onData = (chunk: Buffer) => {
      data = data.length === 0 ? chunk : Buffer.concat([data, chunk]);
      try {
        const parsed = parseResponse(data);
        if (parsed) done(undefined, parsed);
      } catch (err) {
        socket.destroy();
        done(err as Error);
      }
    };
    const onError = (err: Error) => done(err);
    const onClose = () => done(new Error('socket hang up'));
    socket.on('data', onData);
    socket.once('error', onError);
    socket.once('close', onClose);
    socket.write(request);
  });
}

export async function send(
  url: string,
  options: {
    method?: 'GET' | 'POST';
    form?: Record<string, string>;
    jar?: CookieJar;
    headers?: Record<string, string>;
  },
): Promise<Reply> {
  const target = new URL(url);
  const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
  const cookie = options.jar?.header();
  const headers: Record<string, string> = {
    host: target.host,
    connection: 'keep-alive',
    'accept-language': 'zh-CN',
    ...(cookie ? { cookie } : {}),
    ...(body !== undefined
      ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)) }
      : {}),
    ...options.headers,
  };
  let head = `${options.method ?? (body !== undefined ? 'POST' : 'GET')} ${target.pathname}${target.search} HTTP/1.1\r\n`;
  for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
  const request = Buffer.from(`${head}\r\n${body ?? ''}`, 'utf8');
  const key = target.host;
  const port = Number(target.port || 80);
  for (let attempt = 0; ; attempt++) {
    const reused = idle.get(key)?.pop();
    const socket = reused ?? (await openSocket(key, target.hostname, port));
    try {
      const { parsed } = await exchange(socket, request);
      if (parsed.keepAlive) release(key, socket);
      else socket.end();
      options.jar?.store(parsed.setCookie);
      return { status: parsed.status, location: parsed.headers.get('location'), body: parsed.body.toString('utf8') };
    } catch (err) {
      socket.destroy();
      // A kept-alive connection the server closed meanwhile (its idle timeout) is retried once on a new one, as
      // browsers do; anything else, or a failure after the server began answering, is the launch's error.
      if (reused && attempt === 0 && !(err as { received?: boolean }).received) continue;
      throw err;
    }
  }
}

/** The JSON inside `<script type="application/json" id="…">`. */
export function pageJson<T>(html: string, id: string): T {
  const match = new RegExp(`<script type="application/json" id="${id}">([\\s\\S]*?)</script>`).exec(html);
  if (!match?.[1]) throw new Error(`no #${id} JSON in page: ${html.slice(0, 300)}`);
  return JSON.parse(match[1]) as T;
}
