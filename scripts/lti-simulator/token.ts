/**
 * OAuth 2 client-credentials endpoint /mod/lti/token.php (Sec §4.1), as Moodle 5.1.3 answers it:
 * form-encoded POST only; the JSON body (success or error) is served as `text/html` because token.php sets
 * no content type; every error is status 400 with `{"error": …}`; granted scopes = requested ∩ permitted.
 * The simulator is stricter than Moodle on the assertion itself (spec rules): `aud` must name the token
 * URL, `exp` at most 5 minutes ahead, `jti` single use.
 */
import type { Request, Response } from 'express';
import { decodeJwt, errors } from 'jose';
import { permittedScopes } from './claims';
import { PATHS, endpointUrl, nowSeconds } from './context';
import type { SimContext } from './context';
import { describeJwtError } from './tool-jwks';
import { randomHex } from './util';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
export const ACCESS_TOKEN_LIFE = 3600;

class TokenError extends Error {
  constructor(
    readonly error: string,
    reason: string,
  ) {
    super(reason);
  }
}

function field(body: unknown, key: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[key];
  return typeof value === 'string' ? value : '';
}

async function verifyAssertion(ctx: SimContext, assertion: string, tokenUrl: string): Promise<string> {
  let claims: Record<string, unknown>;
  try {
    claims = decodeJwt(assertion);
  } catch {
    throw new TokenError('invalid_request', 'client_assertion is not a JWT');
  }
  if (typeof claims.sub !== 'string' || claims.sub === '') throw new TokenError('invalid_request', 'no sub');
  const tool = ctx.state.toolByClientId(claims.sub);
  if (!tool) throw new TokenError('invalid_client', `unknown client ${claims.sub}`);
  if (tool.status !== 'active') throw new TokenError('invalid_client', 'tool is pending');
  try {
    await ctx.toolJwks.verify(assertion, tool.jwksUrl, { currentDate: new Date(ctx.clock()) });
  } catch (err) {
    const claimProblem = err instanceof errors.JWTExpired || err instanceof errors.JWTClaimValidationFailed;
    const reason = `assertion verification failed: ${describeJwtError(err)}`;
    throw new TokenError(claimProblem ? 'invalid_grant' : 'invalid_client', reason);
  }
  if (claims.iss !== tool.clientId) throw new TokenError('invalid_client', 'iss must equal the client id');
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.includes(tokenUrl)) throw new TokenError('invalid_grant', `aud must be ${tokenUrl}`);
  const now = nowSeconds(ctx);
  if (typeof claims.exp !== 'number') throw new TokenError('invalid_grant', 'exp missing');
  if (claims.exp > now + 300) throw new TokenError('invalid_grant', 'exp more than 5 minutes ahead');
  if (typeof claims.jti !== 'string' || claims.jti === '') throw new TokenError('invalid_grant', 'jti missing');
  for (const [jti, exp] of ctx.state.usedAssertionIds) if (exp < now) ctx.state.usedAssertionIds.delete(jti);
  const replayKey = `${tool.clientId} ${claims.jti}`;
  if (ctx.state.usedAssertionIds.has(replayKey)) throw new TokenError('invalid_grant', 'jti already used');
  ctx.state.usedAssertionIds.set(replayKey, claims.exp);
  return tool.clientId;
}

async function issue(ctx: SimContext, req: Request): Promise<string> {
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (req.method !== 'POST' || contentType !== 'application/x-www-form-urlencoded') {
    throw new TokenError('invalid_request', 'form-encoded POST required');
  }
  const assertion = field(req.body, 'client_assertion');
  const assertionType = field(req.body, 'client_assertion_type');
  const grantType = field(req.body, 'grant_type');
  const scope = field(req.body, 'scope');
  if (!assertion || !assertionType || !grantType || !scope) {
    throw new TokenError('invalid_request', 'client_assertion, client_assertion_type, grant_type, scope required');
  }
  if (assertionType !== JWT_BEARER || grantType !== 'client_credentials') {
    throw new TokenError('unsupported_grant_type', 'client_credentials with a jwt-bearer assertion only');
  }
  const clientId = await verifyAssertion(ctx, assertion, endpointUrl(ctx, PATHS.token));
  const tool = ctx.state.toolByClientId(clientId);
  if (!tool) throw new TokenError('invalid_client', 'tool vanished');
  const permitted = permittedScopes(tool);
  const granted = scope.split(' ').filter((s) => s !== '' && permitted.includes(s)); // array_intersect order
  if (granted.length === 0) throw new TokenError('invalid_scope', 'no requested scope is permitted');

  const token = randomHex(16);
  const expiresAt = nowSeconds(ctx) + ACCESS_TOKEN_LIFE;
  ctx.state.accessTokens.set(token, { token, typeId: tool.typeId, scopes: granted, expiresAt });
  ctx.logs.tokensIssued.push({ at: ctx.clock(), clientId, access_token: token, scopes: granted, expiresAt });
  // token.php's heredoc, byte for byte.
  return `{
  "access_token" : "${token}",
  "token_type" : "Bearer",
  "expires_in" : ${ACCESS_TOKEN_LIFE},
  "scope" : "${granted.join(' ')}"
}`;
}

export async function handleToken(ctx: SimContext, req: Request, res: Response): Promise<void> {
  res.type('text/html; charset=utf-8');
  try {
    res.status(200).send(await issue(ctx, req));
  } catch (err) {
    if (!(err instanceof TokenError)) throw err;
    res.locals.note = `${err.error}: ${err.message}`;
    res.status(400).send(`{
  "error" : "${err.error}"
}`);
  }
}
