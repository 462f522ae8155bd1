import { asc, count, eq, sql } from 'drizzle-orm';
import { ORG_LIST_MAX, type OrganisationsReply } from '../../../../shared/api/organisations';
import { ORGANISATION_KINDS } from '../../../../shared/domain/ids';
import type { Db } from '../../db/client';
import { organisations } from '../../db/schema';

/** The tenant's tree: complete counts per level, and the organisations up to ORG_LIST_MAX (top levels first). */
export async function listOrganisations(db: Db, tenantId: string): Promise<OrganisationsReply> {
  const counted = await db
    .select({ kind: organisations.kind, n: count() })
    .from(organisations)
    .where(eq(organisations.tenantId, tenantId))
    .groupBy(organisations.kind);
  const counts = Object.fromEntries(ORGANISATION_KINDS.map((k) => [k, 0])) as OrganisationsReply['counts'];
  for (const c of counted) counts[c.kind] = Number(c.n);
  const rows = await db
    .select({
      id: organisations.id,
      parentId: organisations.parentId,
      kind: organisations.kind,
      code: organisations.code,
      name: organisations.name,
    })
    .from(organisations)
    .where(eq(organisations.tenantId, tenantId))
    // Top levels first, so a truncated list still holds the upper tree.
    .orderBy(
      sql`array_position(array['province','city','county','school','group']::text[], ${organisations.kind})`,
      asc(organisations.code),
      asc(organisations.name),
    )
    .limit(ORG_LIST_MAX + 1);
  return { counts, organisations: rows.slice(0, ORG_LIST_MAX), truncated: rows.length > ORG_LIST_MAX };
}
