import { z } from 'zod';
import { nextLink, parseJson, serviceCall, type ServiceContext } from './service-http';

export const NRPS_SCOPE = 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly';
const MEMBERSHIPS = 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json';

export const memberSchema = z.looseObject({
  user_id: z.string().min(1),
  roles: z.array(z.string()),
  // A missing status means Active (NRPS §2.3).
  status: z.enum(['Active', 'Inactive', 'Deleted']).default('Active'),
  name: z.string().optional(),
  given_name: z.string().optional(),
  family_name: z.string().optional(),
  email: z.string().optional(),
  lis_person_sourcedid: z.string().optional(),
});
export type Member = z.infer<typeof memberSchema>;

const containerSchema = z.looseObject({
  id: z.string().optional(),
  context: z.looseObject({ id: z.string(), label: z.string().optional(), title: z.string().optional() }).optional(),
  members: z.array(memberSchema),
});

export interface MembershipQuery {
  role?: string;
  limit?: number;
  resourceLinkId?: string;
  /** Safety stop for a platform whose `next` links never end. */
  maxPages?: number;
}

/** Reads the whole roster of a context, following `Link rel="next"` (pages may be short). */
export async function fetchMembers(ctx: ServiceContext, membershipsUrl: string, query: MembershipQuery = {}) {
  const first = new URL(membershipsUrl);
  if (query.role) first.searchParams.set('role', query.role);
  if (query.limit) first.searchParams.set('limit', String(query.limit));
  if (query.resourceLinkId) first.searchParams.set('rlid', query.resourceLinkId);
  const members: Member[] = [];
  let context: z.infer<typeof containerSchema>['context'];
  let url: string | undefined = first.toString();
  let pages = 0;
  while (url && pages < (query.maxPages ?? 200)) {
    const response = await serviceCall(ctx, [NRPS_SCOPE], url, { accept: MEMBERSHIPS });
    if (response.status !== 200) throw new Error(`memberships: platform answered ${response.status}`);
    const page = containerSchema.parse(parseJson(response, 'memberships'));
    context ??= page.context;
    members.push(...page.members);
    url = nextLink(response.headers.get('link'));
    pages++;
  }
  return { context, members, complete: url === undefined };
}
