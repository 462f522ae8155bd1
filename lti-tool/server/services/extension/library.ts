import { and, arrayContains, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { libraryResources } from '../../db/schema';
import { DomainError } from '../errors';
import { normalizeUrl } from './normalize-url';

type Owner = { tenantId: string; personId: string };
export type ResourceRow = typeof libraryResources.$inferSelect;

const mine = (owner: Owner) =>
  and(eq(libraryResources.tenantId, owner.tenantId), eq(libraryResources.personId, owner.personId));

/** A resource as lists show it: no page text or HTML. */
export function resourceSummary(r: ResourceRow) {
  return {
    id: r.id,
    kind: r.kind,
    url: r.url,
    title: r.title,
    site: r.site,
    author: r.author,
    published: r.published,
    excerpt: r.excerpt,
    imageUrl: r.imageUrl,
    hasScreenshot: r.screenshotKey !== null,
    video: r.video,
    tags: r.tags,
    abilityCode: r.abilityCode,
    note: r.note,
    createdAt: r.createdAt.toISOString(),
  };
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function searchLibrary(
  db: Db,
  owner: Owner,
  filter: { q?: string | undefined; tag?: string | undefined; ability?: string | undefined },
) {
  const conditions: (SQL | undefined)[] = [mine(owner)];
  if (filter.q) {
    const like = `%${escapeLike(filter.q)}%`;
    conditions.push(
      or(
        ilike(libraryResources.title, like),
        ilike(libraryResources.excerpt, like),
        ilike(libraryResources.note, like),
        ilike(libraryResources.url, like),
      ),
    );
  }
  if (filter.tag) conditions.push(arrayContains(libraryResources.tags, [filter.tag]));
  if (filter.ability) conditions.push(eq(libraryResources.abilityCode, filter.ability));
  const rows = await db
    .select()
    .from(libraryResources)
    .where(and(...conditions))
    .orderBy(desc(libraryResources.createdAt))
    .limit(200);
  return { resources: rows.map(resourceSummary), tags: await libraryTags(db, owner) };
}

export async function libraryTags(db: Db, owner: Owner): Promise<string[]> {
  const result = await db.execute<{ tag: string }>(sql`
    select distinct unnest(tags) as tag from library_resources
    where tenant_id = ${owner.tenantId} and person_id = ${owner.personId} order by tag`);
  return result.rows.map((r) => r.tag);
}

export async function resourceDetail(db: Db, owner: Owner, id: string) {
  const [row] = await db
    .select()
    .from(libraryResources)
    .where(and(mine(owner), eq(libraryResources.id, id)));
  if (!row) throw new DomainError('not_found');
  return { ...resourceSummary(row), text: row.text, html: row.html };
}

/** The stored screenshot of one of the person's resources, if it has one. */
export async function resourceScreenshot(db: Db, owner: Owner, id: string) {
  const [row] = await db
    .select({ key: libraryResources.screenshotKey, mime: libraryResources.screenshotMime })
    .from(libraryResources)
    .where(and(mine(owner), eq(libraryResources.id, id)));
  if (!row?.key || !row.mime) throw new DomainError('not_found');
  return { key: row.key, mime: row.mime };
}

/** "Already saved?": the person's resources with the same normalised URL. */
export async function lookupUrl(db: Db, owner: Owner, url: string) {
  const rows = await db
    .select()
    .from(libraryResources)
    .where(and(mine(owner), eq(libraryResources.normalizedUrl, normalizeUrl(url))))
    .orderBy(desc(libraryResources.createdAt));
  return {
    saved: rows.length > 0,
    resources: rows.map((r) => ({ id: r.id, title: r.title, createdAt: r.createdAt.toISOString() })),
  };
}
