import type { Request } from 'express';
import type { Language } from '../../../shared/errors';

/** Chinese first: English only when the client prefers it. The LTI launch locale overrides this later. */
export function languageFromAcceptLanguage(header: string | undefined): Language {
  if (!header) return 'zh-CN';
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((r) => r.tag && r.q > 0)
    .sort((a, b) => b.q - a.q);
  const first = ranked.find((r) => r.tag.startsWith('zh') || r.tag.startsWith('en'));
  return first?.tag.startsWith('en') ? 'en' : 'zh-CN';
}

export function requestLanguage(req: Request): Language {
  return languageFromAcceptLanguage(req.get('accept-language'));
}
