import { asc, eq } from 'drizzle-orm';
import { findProgramme, getCatalogue } from '../../../../shared/programmes/registry';
import type { Db } from '../../db/client';
import { programmeInstances } from '../../db/schema';

export interface MappableProgramme {
  id: string;
  name: string;
  abilities: Array<{ code: string; name: { zh: string; en: string } }>;
}

/** The tenant's programme instances with the micro-abilities of each one's catalogue: what a course may map to. */
export async function mappableProgrammes(db: Db, tenantId: string): Promise<MappableProgramme[]> {
  const rows = await db
    .select({ id: programmeInstances.id, name: programmeInstances.name, definitionId: programmeInstances.definitionId })
    .from(programmeInstances)
    .where(eq(programmeInstances.tenantId, tenantId))
    .orderBy(asc(programmeInstances.name));
  return rows.map((r) => {
    const programme = findProgramme(r.definitionId);
    const abilities = programme
      ? getCatalogue(programme.catalogueId).abilities.map((a) => ({ code: a.code, name: a.name }))
      : [];
    return { id: r.id, name: r.name, abilities };
  });
}

/**
 * Ability codes by programme instance, and the union over all of them (a course that names no programme may
 * teach an ability of any). An instance whose definition is not shipped has an empty set: nothing to check against.
 */
export async function programmeAbilityCodes(db: Db, tenantId: string) {
  const byInstance = new Map<string, Set<string>>();
  const any = new Set<string>();
  for (const p of await mappableProgrammes(db, tenantId)) {
    const codes = new Set(p.abilities.map((a) => a.code));
    byInstance.set(p.id, codes);
    for (const c of codes) any.add(c);
  }
  return { byInstance, any };
}
