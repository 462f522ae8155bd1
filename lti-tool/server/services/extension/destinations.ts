import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { people } from '../../db/schema';
import { abilityOf, type Enrolled } from '../teacher-journey/editing';
import { activeSelections } from '../teacher-journey/records';
import { CLIP_LIMITS } from '../../../../shared/api/extension';
import { enrolmentOfDevice } from './device-session';
import { libraryTags } from './library';
import type { DeviceRow } from './refresh';

/** Slot kinds a clip can fill: a text (the selection) or a link (the page). Files are uploaded in the tool. */
const CLIPPABLE = new Set(['text', 'link']);

/** The teacher's chosen abilities with every slot, its requirements and whether a clip can fill it. */
export async function destinationsOf(db: Db, enrolled: Enrolled) {
  const selections = await activeSelections(db, enrolled.enrolment.id);
  return selections.map((s) => {
    const ability = abilityOf(enrolled, s.abilityCode);
    return {
      abilityCode: ability.code,
      name: ability.name,
      note: ability.evidence.note ?? null,
      slots: ability.evidence.slots.map((slot) => ({
        id: slot.id,
        name: slot.name,
        kind: slot.kind,
        required: slot.required,
        limits: slot.limits,
        note: slot.note ?? null,
        clippable: CLIPPABLE.has(slot.kind),
      })),
    };
  });
}

/**
 * What the extension shows before sending: who is connected, the teacher's chosen abilities with every slot and its
 * requirements (clippable or not), the library's tags and the server's limits.
 */
export async function extensionProfile(db: Db, device: DeviceRow) {
  const [person] = await db
    .select({ displayName: people.displayName })
    .from(people)
    .where(eq(people.id, device.personId));
  const enrolled = await enrolmentOfDevice(db, device);
  const destinations = enrolled ? await destinationsOf(db, enrolled) : [];
  return {
    person: { displayName: person?.displayName ?? '' },
    device: { id: device.id, name: device.name },
    enrolled: enrolled !== undefined,
    destinations,
    tags: await libraryTags(db, device),
    limits: CLIP_LIMITS,
  };
}
