import { errorMessage, type ErrorBody, type ErrorCode } from '../../../../shared/errors';

/**
 * The code an answer without our error body stands for (an empty 413 from a proxy, a 422 row report): never a
 * blank "internal" — the status still says what went wrong.
 */
const CODE_FOR_STATUS: Record<number, ErrorCode> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'validation_failed',
  429: 'rate_limited',
  503: 'database_unavailable',
};

/** An error the API answered with: its stable code and a message already in the user's language. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface Api {
  get<T>(path: string): Promise<T>;
  send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T>;
  upload<T>(path: string, file: File, onProgress?: (fraction: number) => void): Promise<T>;
  /** A protected file (evidence) as an object URL; the caller revokes it. */
  objectUrl(path: string): Promise<string>;
}

/**
 * JSON over HTTP with the launch session's bearer token. The token lives only in this closure: never in a URL,
 * never in storage, never in a cookie.
 */
export function createApi(base: string, token: string, lang: string): Api {
  const headers = { authorization: `Bearer ${token}`, 'accept-language': lang === 'en' ? 'en' : 'zh-CN' };

  async function parse<T>(response: Response): Promise<T> {
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? (JSON.parse(text) as unknown) : undefined;
    } catch {
      body = undefined; // an HTML error page from a proxy: the status below still explains it
    }
    if (!response.ok) {
      const error = (body as ErrorBody | undefined)?.error;
      if (error?.code && error.message) throw new ApiError(response.status, error.code, error.message, error.details);
      const code = CODE_FOR_STATUS[response.status] ?? 'internal';
      // A reply that is not our error body (e.g. an import's 422 row report) travels on as the details.
      throw new ApiError(response.status, code, errorMessage(code, lang === 'en' ? 'en' : 'zh-CN'), body);
    }
    if (body === undefined && text)
      throw new ApiError(response.status, 'internal', errorMessage('internal', lang === 'en' ? 'en' : 'zh-CN'));
    return body as T;
  }

  return {
    async get<T>(path: string) {
      return parse<T>(await fetch(`${base}${path}`, { headers }));
    },
    async send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown) {
      return parse<T>(
        await fetch(`${base}${path}`, {
          method,
          headers: { ...headers, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
      );
    },
    // XMLHttpRequest, because fetch cannot report upload progress and evidence videos are large.
    upload<T>(path: string, file: File, onProgress?: (fraction: number) => void) {
      return new Promise<T>((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        xhr.open('POST', `${base}${path}`);
        for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
        xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
        xhr.setRequestHeader('x-filename', encodeURIComponent(file.name));
        xhr.upload.onprogress = (e) => e.lengthComputable && onProgress?.(e.loaded / e.total);
        xhr.onerror = () =>
          reject(new ApiError(0, 'network', lang === 'en' ? 'Network error' : '网络错误，请检查网络后重试'));
        xhr.onload = () =>
          parse<T>(new Response(xhr.responseText || null, { status: xhr.status })).then(resolve, reject);
        xhr.send(file);
      });
    },
    // Evidence downloads need the bearer token, so they cannot be plain links.
    async objectUrl(path: string) {
      const response = await fetch(`${base}${path.replace(/^\/api\/v1/, '')}`, { headers });
      if (!response.ok) await parse(response);
      return URL.createObjectURL(await response.blob());
    },
  };
}
