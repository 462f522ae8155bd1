/**
 * A stand-in tool key for tests: an RS256 key pair generated with jose and its JWKS served by a tiny
 * Express app on 127.0.0.1:0 (`jwksUrl`). Signs client assertions and deep-linking responses the way a
 * tool would. Reusable by any test that needs a tool-side key without the real tool.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import express from 'express';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import type { JWK, JWTPayload } from 'jose';

interface ToolKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export interface ClientAssertionInput {
  clientId: string;
  /** The token endpoint URL, used as `aud`. */
  tokenUrl: string;
  jti?: string;
  iat?: number;
  exp?: number;
  aud?: string | string[];
  iss?: string;
  sub?: string;
}

export interface DeepLinkingResponseInput {
  clientId: string;
  /** The platform issuer (`aud`). */
  issuer: string;
  deploymentId: string;
  contentItems: Record<string, unknown>[];
  data?: string;
  msg?: string;
  nonce?: string;
  iat?: number;
  exp?: number;
  /** Extra or replacement claims (an `undefined` value removes one). */
  claims?: Record<string, unknown>;
}

export interface TestToolKeys {
  readonly kid: string;
  readonly jwksUrl: string;
  readonly privateKey: CryptoKey;
  /** How many times the JWKS was downloaded. */
  readonly fetchCount: number;
  sign(payload: JWTPayload, options?: { kid?: string | null; alg?: string; typ?: string }): Promise<string>;
  clientAssertion(input: ClientAssertionInput): Promise<string>;
  deepLinkingResponse(input: DeepLinkingResponseInput): Promise<string>;
  /** New current key; the JWKS keeps the previous one only with `keepPrevious`. Returns the new kid. */
  rotate(options?: { keepPrevious?: boolean }): Promise<string>;
  close(): Promise<void>;
}

async function newKey(kid: string): Promise<ToolKey> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
  const jwk = await exportJWK(publicKey);
  return { kid, privateKey, publicJwk: { ...jwk, kid, alg: 'RS256', use: 'sig' } };
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export async function startTestToolKeys(options: { kid?: string } = {}): Promise<TestToolKeys> {
  let current = await newKey(options.kid ?? `test-tool-${randomUUID().slice(0, 8)}`);
  let published = [current];
  let fetchCount = 0;

  const app = express();
  app.get('/jwks', (_req, res) => {
    fetchCount++;
    res.json({ keys: published.map((k) => k.publicJwk) });
  });
  const server = createServer(app);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;

  const sign: TestToolKeys['sign'] = (payload, signOptions = {}) => {
    const kid = signOptions.kid === undefined ? current.kid : signOptions.kid;
    const header = { alg: signOptions.alg ?? 'RS256', typ: signOptions.typ ?? 'JWT', ...(kid === null ? {} : { kid }) };
    return new SignJWT(payload).setProtectedHeader(header).sign(current.privateKey);
  };

  return {
    get kid() {
      return current.kid;
    },
    jwksUrl,
    get privateKey() {
      return current.privateKey;
    },
    get fetchCount() {
      return fetchCount;
    },
    sign,
    clientAssertion: (input) => {
      const iat = input.iat ?? nowSeconds();
      return sign({
        iss: input.iss ?? input.clientId,
        sub: input.sub ?? input.clientId,
        aud: input.aud ?? input.tokenUrl,
        iat,
        exp: input.exp ?? iat + 300,
        jti: input.jti ?? randomUUID(),
      });
    },
    deepLinkingResponse: (input) => {
      const iat = input.iat ?? nowSeconds();
      const payload: Record<string, unknown> = {
        iss: input.clientId,
        aud: input.issuer,
        iat,
        exp: input.exp ?? iat + 600,
        nonce: input.nonce ?? randomUUID(),
        'https://purl.imsglobal.org/spec/lti/claim/deployment_id': input.deploymentId,
        'https://purl.imsglobal.org/spec/lti/claim/message_type': 'LtiDeepLinkingResponse',
        'https://purl.imsglobal.org/spec/lti/claim/version': '1.3.0',
        ...(input.data !== undefined ? { 'https://purl.imsglobal.org/spec/lti-dl/claim/data': input.data } : {}),
        ...(input.msg !== undefined ? { 'https://purl.imsglobal.org/spec/lti-dl/claim/msg': input.msg } : {}),
        'https://purl.imsglobal.org/spec/lti-dl/claim/content_items': input.contentItems,
        ...input.claims,
      };
      for (const key of Object.keys(payload)) if (payload[key] === undefined) delete payload[key];
      return sign(payload as JWTPayload);
    },
    rotate: async (rotateOptions = {}) => {
      current = await newKey(`test-tool-${randomUUID().slice(0, 8)}`);
      published = rotateOptions.keepPrevious ? [current, ...published] : [current];
      return current.kid;
    },
    close: async () => {
      const closed = new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
      server.closeAllConnections();
      await closed;
    },
  };
}
