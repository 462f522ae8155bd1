import { errors as joseErrors } from 'jose';
import { EgressError } from '../../net/safe-fetch';
import { ServiceTokenError } from './service-token';

/**
 * A short, stable code for why a call to a platform failed, for logs, the outbox and the platform list:
 * `token_invalid_client`, `egress_timeout`, `http_503`, `jwks_invalid`… Never the response body or a token.
 */
export function failureCode(err: unknown, status?: number): string {
  if (err instanceof ServiceTokenError) {
    if (err.oauthError && /^[a-z_]{1,40}$/.test(err.oauthError)) return `token_${err.oauthError}`;
    return err.status ? `token_http_${err.status}` : 'token_refused';
  }
  if (err instanceof EgressError) return `egress_${err.reason}`;
  if (err instanceof joseErrors.JWKSInvalid) {
    const answered = /answered (\d{3})/.exec(err.message)?.[1];
    return answered ? `jwks_http_${answered}` : 'jwks_invalid';
  }
  if (status !== undefined) return `http_${status}`;
  const answered = err instanceof Error ? /answered (\d{3})/.exec(err.message)?.[1] : undefined;
  return answered ? `http_${answered}` : 'error';
}
