import type { StorageArea } from './browser';
import type { ClipPayload, PageExtract } from './clip';
import { type FileClip, isFileClip } from './clip-file';
import type { Profile } from './messages';

/** The text slot the side panel gathers pages into, kept until the teacher picks another. */
export interface CollectTarget {
  abilityCode: string;
  slotId: string;
}

const KEY = 'collectTarget';

export async function readCollectTarget(storage: StorageArea): Promise<CollectTarget | undefined> {
  const value = (await storage.get(KEY))[KEY] as CollectTarget | undefined;
  return value?.abilityCode && value.slotId ? value : undefined;
}

export async function writeCollectTarget(storage: StorageArea, target: CollectTarget | undefined): Promise<void> {
  if (target) await storage.set({ [KEY]: target });
  else await storage.remove(KEY);
}

/**
 * One page for the gathering slot: the selection when there is one, else the page's excerpt (a slot holds 20,000
 * characters, so whole pages would fill it after a few), appended after the slot's text with where it came from.
 */
export function collectPayload(page: PageExtract, target: CollectTarget): ClipPayload {
  const selection = page.selection?.trim();
  return {
    destination: 'evidence',
    kind: selection ? 'selection' : 'page',
    url: page.canonicalUrl ?? page.url,
    title: page.title,
    site: page.site,
    author: page.author,
    published: page.published,
    excerpt: page.excerpt,
    ...(selection ? { selection } : {}),
    evidence: { ...target, append: true },
  };
}

/** Whether an outbox entry is a page gathered into this target. */
export const isCollectedInto = (payload: ClipPayload | FileClip, target: CollectTarget | undefined) =>
  !!target &&
  !isFileClip(payload) &&
  payload.evidence?.append === true &&
  payload.evidence.abilityCode === target.abilityCode &&
  payload.evidence.slotId === target.slotId;

/** The slots a page can be gathered into: clippable text slots of the abilities the teacher chose. */
export const gatherableSlots = (profile: Profile) =>
  profile.destinations.flatMap((d) =>
    d.slots
      .filter((s) => s.kind === 'text' && s.clippable)
      .map((s) => ({ abilityCode: d.abilityCode, slotId: s.id, abilityName: d.name, slotName: s.name })),
  );
