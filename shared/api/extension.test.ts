import { describe, expect, it } from 'vitest';
import { CLIP_LIMITS, clipInput, extensionProfileReply, oversizedField } from './extension';

describe('the extension contract', () => {
  it('applies defaults and refuses unknown fields', () => {
    const clip = clipInput.parse({ destination: 'library', kind: 'page', url: 'https://a.cn/x', title: ' 标题 ' });
    expect(clip).toMatchObject({ title: '标题', tags: [] });
    expect(clipInput.safeParse({ ...clip, extra: 1 }).success).toBe(false);
    expect(clipInput.safeParse({ ...clip, url: 'javascript:alert(1)' }).success).toBe(false);
  });

  it('names the first field over its cap, counting HTML in UTF-8 bytes', () => {
    const chinese = '中'.repeat(Math.ceil(CLIP_LIMITS.htmlBytes / 3) + 1);
    expect(chinese.length).toBeLessThan(CLIP_LIMITS.htmlBytes);
    expect(oversizedField({ html: chinese })).toEqual({ field: 'html', max: CLIP_LIMITS.htmlBytes });
    expect(oversizedField({ text: 'x'.repeat(CLIP_LIMITS.textChars + 1) })?.field).toBe('text');
    expect(oversizedField({ html: '<p>ok</p>', text: 'ok' })).toBeUndefined();
  });

  it('describes the profile the server sends', () => {
    const profile = {
      person: { displayName: '李老师' },
      device: { id: 'd', name: 'Chrome' },
      enrolled: true,
      destinations: [
        {
          abilityCode: 'A1',
          name: { zh: '技术支持的学情分析', en: 'Learner analysis' },
          slots: [
            {
              id: 'design',
              name: { zh: '方案', en: 'Plan' },
              kind: 'file',
              required: true,
              limits: { maxSizeMb: 10, extensions: ['pdf'] },
              note: null,
              clippable: false,
            },
          ],
        },
      ],
      tags: [],
      limits: CLIP_LIMITS,
    };
    expect(extensionProfileReply.parse(profile).destinations[0]?.slots[0]?.limits.maxSizeMb).toBe(10);
  });
});
