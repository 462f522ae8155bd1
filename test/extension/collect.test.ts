import { describe, expect, it } from 'vitest';
import type { StorageArea } from '../../extension/src/common/browser';
import {
  collectPayload,
  gatherableSlots,
  isCollectedInto,
  readCollectTarget,
  writeCollectTarget,
} from '../../extension/src/common/collect';
import { clipInput } from '../../shared/api/extension';

function memoryStorage(): StorageArea {
  const data = new Map<string, unknown>();
  return {
    get: async (key) => (typeof key === 'string' && data.has(key) ? { [key]: data.get(key) } : {}),
    set: async (items) => void Object.entries(items).forEach(([k, v]) => data.set(k, v)),
    remove: async (key) => void [key].flat().forEach((k) => data.delete(k)),
  };
}

const page = {
  url: 'https://www.example.cn/a/1?utm_source=x',
  canonicalUrl: 'https://www.example.cn/a/1',
  title: '一课三研的做法',
  excerpt: '介绍教研组围绕同一课题开展三轮研讨的做法。',
  text: '很长的正文。'.repeat(5000),
  lazyImagesResolved: 0,
};
const target = { abilityCode: 'A2', slotId: 'reflection' };

describe('gathering pages into one slot from the side panel', () => {
  it('keeps the chosen slot until another is chosen or it is cleared', async () => {
    const storage = memoryStorage();
    expect(await readCollectTarget(storage)).toBeUndefined();
    await writeCollectTarget(storage, target);
    expect(await readCollectTarget(storage)).toEqual(target);
    await writeCollectTarget(storage, undefined);
    expect(await readCollectTarget(storage)).toBeUndefined();
  });

  it('sends the excerpt (never the whole page) or the selection, appended, as a clip the server accepts', () => {
    const byExcerpt = collectPayload(page, target);
    expect(byExcerpt).toMatchObject({
      destination: 'evidence',
      kind: 'page',
      url: 'https://www.example.cn/a/1',
      excerpt: page.excerpt,
      evidence: { abilityCode: 'A2', slotId: 'reflection', append: true },
    });
    expect(byExcerpt).not.toHaveProperty('text');
    expect(clipInput.safeParse(byExcerpt).success).toBe(true);
    const bySelection = collectPayload({ ...page, selection: '  选中的一段  ' }, target);
    expect(bySelection).toMatchObject({ kind: 'selection', selection: '选中的一段' });
    expect(clipInput.safeParse(bySelection).success).toBe(true);
  });

  it('lists only the pages gathered into the chosen slot', () => {
    const gathered = collectPayload(page, target);
    expect(isCollectedInto(gathered, target)).toBe(true);
    expect(isCollectedInto(gathered, { abilityCode: 'A2', slotId: 'student-feedback' })).toBe(false);
    expect(isCollectedInto({ ...gathered, evidence: target }, target)).toBe(false);
    expect(isCollectedInto(gathered, undefined)).toBe(false);
  });

  it('offers only text slots that accept clips', () => {
    const slot = (id: string, kind: string, clippable: boolean) => ({
      id,
      name: { zh: id, en: id },
      kind,
      required: true,
      limits: {},
      note: null,
      clippable,
    });
    const profile = {
      person: { displayName: '刘洋' },
      device: { id: 'd', name: 'Chrome' },
      enrolled: true,
      destinations: [
        {
          abilityCode: 'A2',
          name: { zh: '技术支持的课堂导入', en: 'Lesson openings' },
          slots: [
            slot('lesson-design', 'document', false),
            slot('reflection', 'text', true),
            slot('link', 'link', true),
          ],
        },
      ],
      tags: [],
      limits: { htmlBytes: 1, textChars: 1, selectionChars: 1, screenshotChars: 1 },
    };
    expect(gatherableSlots(profile).map((s) => s.slotId)).toEqual(['reflection']);
  });
});
