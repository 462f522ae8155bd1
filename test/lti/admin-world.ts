import type { Db } from '../../lti-tool/server/db/client';
import { tenants } from '../../lti-tool/server/db/schema';
import { createAdminKey } from '../../lti-tool/server/services/admin-keys';
import { TestBrowser } from '../helpers/browser';
import { appConfig, browserLaunch, type LtiWorld } from './world';

/** The session token of a simulator user launched in a fresh browser (user 2 is the site admin, 4 a teacher). */
export async function sessionOf(world: LtiWorld, userId: number): Promise<string> {
  return appConfig((await browserLaunch(world, new TestBrowser(), { userId, resourceLinkId: 1 })).html).sessionToken;
}

/** Another institution and its admin API key: what every admin endpoint must refuse. */
export async function otherTenantWithKey(db: Db, slug: string): Promise<{ tenantId: string; key: string }> {
  const [other] = await db.insert(tenants).values({ slug, name: 'Other' }).returning();
  const { secret } = await createAdminKey(
    db,
    { tenantId: other!.id, name: 'other', createdByPersonId: null },
    { actorLabel: 't', client: 'cli' },
  );
  return { tenantId: other!.id, key: secret };
}
