import type { Request } from 'express';
import { decodeJwt } from 'jose';
import type { Language } from '../../../shared/errors';
import { requestLanguage } from '../http/language';
import { CLAIM } from './claims';
import { languageForLocale } from './locale';
import type { LtiStore, PlatformRecord } from './store';

/** Where a refusal page may be shown, and in which language. */
export interface RefusalFrame {
  frameAncestors?: string[];
  lang: Language;
}

/** The origins a registered platform frames us from: its issuer and its auth endpoint (they differ on some LMSs). */
export function platformOrigins(platforms: ReadonlyArray<Pick<PlatformRecord, 'issuer' | 'authEndpoint'>>): string[] {
  const origins = new Set<string>();
  for (const p of platforms) {
    for (const url of [p.issuer, p.authEndpoint]) {
      try {
        origins.add(new URL(url).origin);
      } catch {
        // A malformed URL in a registration frames nothing.
      }
    }
  }
  return [...origins];
}

/**
 * For a refused login or launch: lets the registered platform that sent it frame the refusal page, so the user reads
 * the message inside the course instead of a broken frame. Only registered issuers count; an unknown sender keeps
 * `frame-ancestors 'none'`. The page has no form, so framing it gives nothing to click-jack.
 */
export async function refusalFrameForIssuer(
  store: Pick<LtiStore, 'findPlatforms'>,
  issuer: unknown,
  lang: Language,
): Promise<RefusalFrame> {
  if (typeof issuer !== 'string' || issuer.length === 0 || issuer.length > 1024) return { lang };
  const origins = platformOrigins(await store.findPlatforms(issuer));
  return origins.length > 0 ? { frameAncestors: origins, lang } : { lang };
}

/**
 * What an id_token says about its sender before it is verified: only used to choose the refusal page's frame and
 * language, never to trust the launch.
 */
export function unverifiedSender(idToken: string | undefined): { issuer?: string; locale?: string } {
  if (!idToken) return {};
  try {
    const payload = decodeJwt(idToken);
    const presentation = payload[CLAIM.launchPresentation] as { locale?: unknown } | undefined;
    return {
      issuer: typeof payload.iss === 'string' ? payload.iss : undefined,
      locale: typeof presentation?.locale === 'string' ? presentation.locale : undefined,
    };
  } catch {
    return {};
  }
}

/** The launch's language when the token names one (zh default, en available), else the browser's. */
export function refusalLanguage(req: Request, locale: string | undefined): Language {
  return locale ? languageForLocale(locale) : requestLanguage(req);
}
