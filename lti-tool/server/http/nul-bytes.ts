import type { RequestHandler } from 'express';
import { DomainError } from '../services/errors';

// PostgreSQL text cannot hold U+0000: a NUL that reached a query would fail there as a 500. Refuse it at the edge
// with the one 422 body, naming where it was found.

const hasNul = (text: string) => text.includes('\u0000') || /%00/i.test(text);

/** The path of the first string (or key) holding a NUL, depth-first; undefined when there is none. */
export function findNul(value: unknown, path = '', depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path || '(body)' : undefined;
  if (typeof value !== 'object' || value === null || depth > 64) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) return childPath;
    const found = findNul(child, childPath, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function nulIssue(where: string) {
  return {
    issues: [
      {
        path: where,
        message: {
          zh: `字段 ${where} 含有空字符（NUL，\\u0000），请删除后重试。`,
          en: `Field ${where} contains a NUL character (\\u0000); remove it and try again.`,
        },
      },
    ],
  };
}

/** Refuses NUL bytes in the query string and in parsed JSON or form bodies (422 `validation_failed`). */
export const refuseNulBytes: RequestHandler = (req, _res, next) => {
  const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
  if (hasNul(query)) return next(new DomainError('validation_failed', nulIssue('query')));
  if (hasNul(req.path)) return next(new DomainError('validation_failed', nulIssue('path')));
  const inBody = findNul(req.body);
  if (inBody) return next(new DomainError('validation_failed', nulIssue(inBody)));
  next();
};
