import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { libraryResources } from '../../db/schema';
import { DomainError } from '../errors';
import type { AuditActor } from '../audit';
import { abilityOf, slotOf, type Enrolled } from '../teacher-journey/editing';
import { saveItem, type ItemContent } from '../teacher-journey/evidence';

/**
 * A library resource becomes evidence in a text slot (its saved text or excerpt, with where it came from) or a link
 * slot (its address), through the same service and rules as any draft edit.
 */
export async function useResourceAsEvidence(
  db: Db,
  enrolled: Enrolled,
  input: { resourceId: string; abilityCode: string; slotId: string },
  actor: AuditActor,
) {
  const { enrolment } = enrolled;
  const [resource] = await db
    .select()
    .from(libraryResources)
    .where(
      and(
        eq(libraryResources.id, input.resourceId),
        eq(libraryResources.tenantId, enrolment.tenantId),
        eq(libraryResources.personId, enrolment.personId),
      ),
    );
  if (!resource) throw new DomainError('not_found');
  const slot = slotOf(abilityOf(enrolled, input.abilityCode), input.slotId);
  const source = `来源 · Source: ${resource.title} ${resource.url}`;
  const body = (resource.text ?? resource.excerpt ?? '').trim();
  let content: ItemContent;
  if (slot.kind === 'text') content = { kind: 'text', text: body ? `${body}\n\n${source}` : source };
  else if (slot.kind === 'link') content = { kind: 'link', url: resource.url };
  else throw new DomainError('validation_failed', { field: 'slotId', expected: slot.kind });
  return saveItem(db, enrolled, { abilityCode: input.abilityCode, slotId: input.slotId, content }, actor);
}
