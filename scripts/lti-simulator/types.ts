import type { CryptoKey } from 'jose';

/**
 * Public types of the LTI 1.3 platform simulator (a stand-in for Moodle 5.1.3 in tests).
 * Internal records live in state.ts.
 */

export interface SimulatorOptions {
  /** Default keyset URL for tools registered without `jwksUrl`. */
  toolJwksUrl?: string;
  /** Milliseconds since the epoch; drives iat/exp, token lifetimes and score timestamps. Defaults to Date.now. */
  clock?: () => number;
  /** Site short and full name (the `tool_platform` name and description). */
  site?: { shortName?: string; fullName?: string };
  /**
   * Format of AGS `Link` paging headers. `moodle` (default) reproduces Moodle's source: curly quotes
   * (`rel=“next”`, sent as UTF-8 bytes), `&amp;` inside the URLs, and first/prev/canonical/next/last links.
   * `rfc8288` sends plain `<url>; rel="next"`. NRPS always uses the plain form, as Moodle does.
   */
  agsLinkHeader?: 'moodle' | 'rfc8288';
  /** How long a fetched tool JWKS is reused before re-fetching (ms, default 60 000). */
  toolJwksCacheMs?: number;
  /**
   * Host name in the issuer and endpoint URLs (default `127.0.0.1`). The server always listens on loopback; a
   * demo next to a tool at `http://localhost:3000` names `localhost`, so both are the same site for cookies.
   */
  host?: 'localhost' | '127.0.0.1';
  /** Port to listen on (default: any free port). */
  port?: number;
  /** Where the site's RSA key pairs come from (default: generated); tests pass keys generated once per run. */
  keyPairs?: KeyPairSource;
}

export type KeyPairSource = () => Promise<{ publicKey: CryptoKey; privateKey: CryptoKey }>;

export type CourseRole = 'Instructor' | 'Learner';

/** Moodle's AGS setting: 0 off, 1 grade sync only, 2 grade sync and column management. */
export type AgsMode = 0 | 1 | 2;

export interface RegisterToolInput {
  /** Defaults to a random 15-character id, as Moodle generates. */
  clientId?: string;
  /** Moodle's deployment id is the tool type id; pass one only to force a value. */
  deploymentId?: string;
  name?: string;
  description?: string;
  loginUrl: string;
  redirectUris: string[];
  jwksUrl?: string;
  /** "Content Selection URL"; deep linking is offered when set. */
  deepLinkingUrl?: string;
  targetLinkUri: string;
  /** Tool-level custom parameters (`key=value` lines in Moodle); `$Var` values are substituted. */
  customParameters?: Record<string, string>;
  /** Permitted service scopes; they switch AGS (full when `lineitem` is present), NRPS and Tool Settings on. */
  scopes?: string[];
  /** "Share launcher's name / email with tool": Always (true, default) or Never. */
  shareName?: boolean;
  shareEmail?: boolean;
  /** "Accept grades from the tool" (Basic Outcomes claim on graded links). Default true. */
  acceptGrades?: boolean;
  /** Default launch container: new window (Moodle value 4, default) or embed without blocks (3). */
  launchContainer?: 'window' | 'embed';
}

export interface RegisteredTool {
  clientId: string;
  deploymentId: string;
}

export interface CourseInput {
  id: string | number;
  label: string;
  title: string;
  idnumber?: string;
}

export interface UserInput {
  id: string | number;
  name?: string;
  given_name: string;
  family_name: string;
  email: string;
  username: string;
  /** Moodle language code sent as `launch_presentation.locale` (`en` default, `zh_cn`, `pt_br`…). */
  lang?: string;
  idnumber?: string;
}

export interface ResourceLinkInput {
  courseId: string | number;
  clientId: string;
  /** The lti instance id (what Moodle sends as `resource_link.id`), not the course module id. */
  id: string | number;
  title: string;
  description?: string;
  /** Activity custom parameters; they come before the tool's in the claim. */
  custom?: Record<string, string>;
  /** Creates the coupled line item (grade column) with this maximum. */
  gradeMax?: number;
  /** Launch URL of this activity; defaults to the tool's target link URI. */
  url?: string;
}

export interface ResourceLinkCreated {
  id: string;
  cmid: number;
  lineItemId?: number;
}

export interface LoginInitiationInput {
  clientId: string;
  userId: string | number;
  courseId: string | number;
  resourceLinkId?: string | number;
  deepLinking?: boolean;
  /** Overrides the `target_link_uri` Moodle would compute. */
  targetLinkUri?: string;
  /** Deep linking only: title and text of the add-activity form (default: tool name and ""). */
  title?: string;
  text?: string;
}

export interface LoginInitiation {
  url: string;
  method: 'POST';
  form: Record<string, string>;
}

export type AuthQuery = string | URL | URLSearchParams | Record<string, string | undefined>;

export type AuthorizeResult =
  | { ok: true; action: string; fields: { id_token: string; state: string } }
  | { ok: false; action: string; fields: { error: string; error_description?: string; state?: string } };

export interface SignOptions {
  /** `null` leaves the header without `kid`. Defaults to the current platform key id. */
  kid?: string | null;
  /** Defaults to RS256; `none` produces an unsigned token. Other algorithms need `key`. */
  alg?: string;
  key?: CryptoKey | Uint8Array;
  typ?: string;
}

export interface LaunchClaimsInput {
  clientId: string;
  userId: string | number;
  courseId: string | number;
  resourceLinkId?: string | number;
  deepLinking?: boolean;
  nonce?: string;
  targetLinkUri?: string;
}

export interface GradebookResult {
  userId: string;
  resultScore: number | null;
  resultMaximum: number;
  comment?: string;
  timestamp: string;
  activityProgress: string;
  gradingProgress: string;
}

export interface GradebookLineItem {
  id: number;
  url: string;
  label: string;
  scoreMaximum: number;
  resourceId: string;
  tag: string;
  resourceLinkId?: string;
  clientId: string;
  coupled: boolean;
  results: GradebookResult[];
}

export interface ScorePostLog {
  at: number;
  courseId: string;
  lineItemId: string;
  status: number;
  contentType: string;
  body: string;
  reason?: string;
}

export interface DeepLinkingResponseLog {
  at: number;
  courseId: string;
  clientId: string;
  payload: Record<string, unknown>;
  contentItems: Record<string, unknown>[];
  created: ResourceLinkCreated[];
}

export interface TokenIssuedLog {
  at: number;
  clientId: string;
  access_token: string;
  scopes: string[];
  expiresAt: number;
}

export interface IdTokenIssuedLog {
  at: number;
  clientId: string;
  redirectUri: string;
  id_token: string;
  payload: Record<string, unknown>;
}

export interface RequestLog {
  at: number;
  method: string;
  url: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  status: number;
  /** The simulator's reason for an error answer (not sent on the wire unless Moodle does). */
  note?: string;
}
