/**
 * LTI 1.3 platform simulator: a stand-in for Moodle 5.1.3 in integration and end-to-end tests.
 * See docs/simulator.md for the API, the Moodle quirks it reproduces and a usage example.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWK, JWTPayload } from 'jose';
import { authorize, createLoginInitiation } from './auth';
import { PATHS, endpointUrl, nowSeconds } from './context';
import type { SimContext } from './context';
import { PlatformKeys } from './keys';
import { startDynamicRegistration } from './registration';
import { createApp } from './server';
import { addResourceLink, gradebook, launchClaims, registerTool } from './site';
import { PlatformState, SimulatorSetupError } from './state';
import type { ToolRecord } from './state';
import { ToolJwksCache } from './tool-jwks';
import type {
  AuthQuery,
  AuthorizeResult,
  CourseInput,
  CourseRole,
  DeepLinkingResponseLog,
  GradebookLineItem,
  IdTokenIssuedLog,
  LaunchClaimsInput,
  LoginInitiation,
  LoginInitiationInput,
  RegisterToolInput,
  RegisteredTool,
  RequestLog,
  ResourceLinkCreated,
  ResourceLinkInput,
  ScorePostLog,
  SignOptions,
  SimulatorOptions,
  TokenIssuedLog,
  UserInput,
} from './types';
import { randomHex } from './util';

export type * from './types';
export { parseAutoPostForm } from './html';
export { SCOPES, ROLES } from './claims';
export { SimulatorSetupError } from './state';
export { AuthPageError } from './auth';
export type { ToolRecord } from './state';

export interface PlatformSimulator {
  readonly issuer: string;
  readonly endpoints: { auth: string; token: string; jwks: string; openidConfiguration: string; registration: string };
  registerTool(input: RegisterToolInput): RegisteredTool;
  /** Approves a pending (dynamically registered) tool, as an admin does in Manage tools. */
  activateTool(clientId: string): void;
  /** Deletes the registration, as an admin does in Manage tools: its token requests then fail with invalid_client. */
  deleteTool(clientId: string): void;
  /** A copy of the stored registration (e.g. to inspect what dynamic registration saved). */
  tool(clientId: string): Readonly<ToolRecord>;
  addCourse(input: CourseInput): void;
  addUser(input: UserInput): void;
  enrol(courseId: string | number, userId: string | number, role: CourseRole): void;
  makeSiteAdmin(userId: string | number): void;
  addResourceLink(input: ResourceLinkInput): ResourceLinkCreated;
  loginInitiation(input: LoginInitiationInput): LoginInitiation;
  /** auth.php without a browser; throws AuthPageError where Moodle shows an error page. */
  authorize(query: AuthQuery): Promise<AuthorizeResult>;
  /** The payload a launch would carry, without a pending launch (base for crafted tokens). */
  launchClaims(input: LaunchClaimsInput): Record<string, unknown>;
  /** Signs `{iss, iat, exp: iat + 60}` overridden by `claims` (an `undefined` value removes the claim). */
  signIdToken(claims: Record<string, unknown>, options?: SignOptions): Promise<string>;
  startDynamicRegistration(toolRegistrationUrl: string): Promise<string>;
  rotateKey(options?: { keepPrevious?: boolean }): Promise<string>;
  jwks(): { keys: JWK[] };
  gradebook(courseId: string | number): GradebookLineItem[];
  readonly scoresPosted: ScorePostLog[];
  readonly deepLinkingResponses: DeepLinkingResponseLog[];
  readonly tokensIssued: TokenIssuedLog[];
  readonly idTokensIssued: IdTokenIssuedLog[];
  readonly requests: RequestLog[];
  /** Keyset downloads per tool JWKS URL. */
  readonly toolJwksFetches: ReadonlyMap<string, number>;
  close(): Promise<void>;
}

export async function startPlatformSimulator(options: SimulatorOptions = {}): Promise<PlatformSimulator> {
  const clock = options.clock ?? Date.now;
  const ctx: SimContext = {
    issuer: '',
    clock,
    state: new PlatformState(),
    keys: await PlatformKeys.create(options.keyPairs),
    toolJwks: new ToolJwksCache(clock, options.toolJwksCacheMs ?? 60_000),
    logs: { requests: [], scoresPosted: [], deepLinkingResponses: [], tokensIssued: [], idTokensIssued: [] },
    site: {
      shortName: options.site?.shortName ?? 'ltisimulator',
      fullName: options.site?.fullName ?? 'LTI Simulator Moodle',
      guid: randomHex(16),
    },
    agsLinkHeader: options.agsLinkHeader ?? 'moodle',
    defaultToolJwksUrl: options.toolJwksUrl,
  };
  const server = createServer(createApp(ctx));
  server.listen(options.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  ctx.issuer = `http://${options.host ?? '127.0.0.1'}:${(server.address() as AddressInfo).port}`;
  const { state, logs } = ctx;

  return {
    issuer: ctx.issuer,
    endpoints: {
      auth: endpointUrl(ctx, PATHS.auth),
      token: endpointUrl(ctx, PATHS.token),
      jwks: endpointUrl(ctx, PATHS.jwks),
      openidConfiguration: endpointUrl(ctx, PATHS.openidConfiguration),
      registration: endpointUrl(ctx, PATHS.registration),
    },
    registerTool: (input) => registerTool(ctx, input),
    activateTool: (clientId) => {
      state.requireTool(clientId).status = 'active';
    },
    deleteTool: (clientId) => {
      for (const [id, tool] of state.tools) if (tool.clientId === clientId) state.tools.delete(id);
    },
    tool: (clientId) => structuredClone(state.requireTool(clientId)),
    addCourse: (input) =>
      state.addCourse({ id: String(input.id), label: input.label, title: input.title, idnumber: input.idnumber ?? '' }),
    addUser: (input) => {
      const id = String(input.id);
      if (state.users.has(id)) throw new SimulatorSetupError(`user ${id} exists`);
      state.users.set(id, {
        id,
        name: input.name ?? `${input.given_name} ${input.family_name}`,
        given_name: input.given_name,
        family_name: input.family_name,
        email: input.email,
        username: input.username,
        lang: input.lang ?? 'en',
        idnumber: input.idnumber ?? '',
      });
    },
    enrol: (courseId, userId, role) => {
      state.requireCourse(String(courseId));
      state.requireUser(String(userId));
      state.enrolments.get(String(courseId))?.set(String(userId), role);
    },
    makeSiteAdmin: (userId) => {
      state.admins.add(state.requireUser(String(userId)).id);
    },
    addResourceLink: (input) => addResourceLink(ctx, input),
    loginInitiation: (input) => createLoginInitiation(ctx, input),
    authorize: (query) => authorize(ctx, query),
    launchClaims: (input) => launchClaims(ctx, input),
    signIdToken: (claims, signOptions) => {
      const iat = nowSeconds(ctx);
      const merged: Record<string, unknown> = { iss: ctx.issuer, iat, exp: iat + 60, ...claims };
      for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
      return ctx.keys.sign(merged as JWTPayload, signOptions);
    },
    startDynamicRegistration: (url) => startDynamicRegistration(ctx, url),
    rotateKey: (rotateOptions) => ctx.keys.rotate(rotateOptions),
    jwks: () => ctx.keys.jwks(),
    gradebook: (courseId) => gradebook(ctx, String(courseId)),
    scoresPosted: logs.scoresPosted,
    deepLinkingResponses: logs.deepLinkingResponses,
    tokensIssued: logs.tokensIssued,
    idTokensIssued: logs.idTokensIssued,
    requests: logs.requests,
    toolJwksFetches: ctx.toolJwks.fetches,
    close: async () => {
      const closed = new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
      server.closeAllConnections();
      await closed;
    },
  };
}
