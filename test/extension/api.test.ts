import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, libraryResources } from '../../lti-tool/server/db/schema';
import {
  clipReply,
  destinationsReply,
  libraryReply,
  lookupReply,
  resourceDetailReply,
} from '../../shared/api/extension';
import { itemSavedReply } from '../../shared/api/teacher';
import { api } from '../journey/world';
import { extCall, pairExtension, startExtensionWorld, type ExtensionWorld } from './world';

let world: ExtensionWorld;
beforeAll(async () => {
  world = await startExtensionWorld();
});
afterAll(() => world.close());

const clip = (overrides: Record<string, unknown> = {}) => ({
  destination: 'library',
  kind: 'page',
  url: 'https://www.example.cn/articles/42?utm_source=wechat&id=7',
  title: '信息技术支持的课堂导入案例',
  site: '示例教育网',
  excerpt: '一节数学课如何用动画导入。',
  text: '正文……',
  tags: ['课堂导入', '数学'],
  abilityCode: 'A2',
  note: '导入环节设计巧妙，可借鉴。',
  ...overrides,
});
const key = (n: string) => ({ 'idempotency-key': `clip-${n}-0123456789` });

describe('profile and clips', () => {
  let access: string;
  beforeAll(async () => {
    access = (await pairExtension(world)).accessToken;
  });

  it('names the teacher and the chosen abilities with their slots and requirements', async () => {
    const me = await extCall(world, access, 'GET', '/ext/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.person.displayName).toBeTruthy();
    expect(me.body.destinations.map((d: { abilityCode: string }) => d.abilityCode)).toEqual(['A1', 'A2', 'A5']);
    const a2 = me.body.destinations.find((d: { abilityCode: string }) => d.abilityCode === 'A2');
    expect(a2.slots.find((s: { id: string }) => s.id === 'reflection')).toMatchObject({
      kind: 'text',
      required: true,
      clippable: true,
    });
    expect(a2.slots.find((s: { id: string }) => s.id === 'lesson-design').clippable).toBe(false);
  });

  it('requires an Idempotency-Key and stores a retried clip once', async () => {
    const missing = await extCall(world, access, 'POST', '/ext/v1/clips', clip());
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('idempotency_key_required');

    const first = await extCall(world, access, 'POST', '/ext/v1/clips', clip(), key('a'));
    expect(first.status).toBe(201);
    // Replies are the contract's (shared/api): a parse fails on a missing or mistyped field.
    expect(clipReply.parse(first.body).clip.destination).toBe('library');
    const retry = await extCall(world, access, 'POST', '/ext/v1/clips', clip(), key('a'));
    expect(retry.status).toBe(200);
    expect(clipReply.parse(retry.body)).toEqual(clipReply.parse(first.body));
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.clip.id).toBe(first.body.clip.id);
    expect(retry.body.clip.resource.id).toBe(first.body.clip.resource.id);
    const rows = await world.tool.database.db
      .select()
      .from(libraryResources)
      .where(eq(libraryResources.id, first.body.clip.resource.id));
    expect(rows).toHaveLength(1);

    const reused = await extCall(world, access, 'POST', '/ext/v1/clips', clip({ title: '另一篇' }), key('a'));
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('idempotency_key_reused');
  });

  it('says "already saved" for the same page under a tracking URL, and lists the library with filters', async () => {
    const lookup = await extCall(
      world,
      access,
      'GET',
      `/ext/v1/clips/lookup?url=${encodeURIComponent('https://example.cn/articles/42/?id=7&utm_medium=x#top')}`,
    );
    expect(lookupReply.parse(lookup.body).saved).toBe(true);
    const other = await extCall(
      world,
      access,
      'GET',
      `/ext/v1/clips/lookup?url=${encodeURIComponent('https://example.cn/')}`,
    );
    expect(other.body.saved).toBe(false);

    await extCall(
      world,
      access,
      'POST',
      '/ext/v1/clips',
      clip({
        title: '视频课例',
        note: '时长合适',
        kind: 'video',
        tags: ['视频'],
        abilityCode: 'A5',
        url: 'https://v.example.cn/1',
      }),
      key('b'),
    );
    const all = await api(world, world.teacher, 'GET', '/api/v1/me/library');
    expect(libraryReply.parse(all.body).resources).toHaveLength(2);
    expect(all.body.tags).toEqual(expect.arrayContaining(['课堂导入', '数学', '视频']));
    const byTag = await api(world, world.teacher, 'GET', `/api/v1/me/library?tag=${encodeURIComponent('视频')}`);
    expect(byTag.body.resources.map((r: { title: string }) => r.title)).toEqual(['视频课例']);
    const byAbility = await api(world, world.teacher, 'GET', '/api/v1/me/library?ability=A2');
    expect(byAbility.body.resources.map((r: { title: string }) => r.title)).toEqual(['信息技术支持的课堂导入案例']);
    const byText = await api(world, world.teacher, 'GET', `/api/v1/me/library?q=${encodeURIComponent('借鉴')}`);
    expect(byText.body.resources).toHaveLength(1);
    const wildcard = await api(world, world.teacher, 'GET', '/api/v1/me/library?q=%25');
    expect(wildcard.body.resources).toHaveLength(0);
  });

  it('sanitises clipped HTML on the server with an allow-list', async () => {
    const html = [
      '<p onclick="steal()">段落<script>alert(1)</script><style>p{}</style></p>',
      '<a href="javascript:alert(1)">坏链接</a><a href=" jav&#x61;script:alert(2)">also</a>',
      '<a href="/relative">相对</a><img src="x.png" onerror="alert(3)">',
      '<iframe src="https://evil.example"></iframe><form action="/x"><input name="a"></form><object data="x"></object>',
    ].join('');
    const saved = await extCall(
      world,
      access,
      'POST',
      '/ext/v1/clips',
      clip({ html, url: 'https://s.example.cn/a/b' }),
      key('c'),
    );
    expect(saved.status).toBe(201);
    const detail = await api(world, world.teacher, 'GET', `/api/v1/me/library/${saved.body.clip.resource.id}`);
    const stored = resourceDetailReply.parse(detail.body).resource.html ?? '';
    expect(stored).toContain('<p>段落</p>');
    expect(stored).toContain('href="https://s.example.cn/relative"');
    expect(stored).toContain('<img src="https://s.example.cn/a/x.png" />');
    for (const bad of [
      'script',
      'style',
      'onclick',
      'onerror',
      'javascript',
      'iframe',
      'form',
      'input',
      'object',
      'alert',
    ]) {
      expect(stored).not.toContain(bad);
    }
  });

  it('answers 413 with a code naming the field when a clip is too large', async () => {
    const big = await extCall(
      world,
      access,
      'POST',
      '/ext/v1/clips',
      clip({ html: `<p>${'字'.repeat(200_000)}</p>` }),
      key('d'),
    );
    expect(big.status).toBe(413);
    expect(big.body.error).toMatchObject({ code: 'clip_too_large', details: { field: 'html', max: 524288 } });
    const huge = await extCall(world, access, 'POST', '/ext/v1/clips', clip({ text: 'x'.repeat(1_100_000) }), key('e'));
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('payload_too_large');
  });

  it('puts a selection into an evidence slot through the journey services, once', async () => {
    const body = clip({
      destination: 'evidence',
      kind: 'selection',
      selection: '学生在动画导入后主动提出了问题，课堂参与度明显提高。'.repeat(3),
      evidence: { abilityCode: 'A2', slotId: 'reflection' },
    });
    const first = await extCall(world, access, 'POST', '/ext/v1/clips', body, key('f'));
    expect(first.status).toBe(201);
    expect(first.body.clip.evidence).toMatchObject({ abilityCode: 'A2', slotId: 'reflection', item: { kind: 'text' } });
    const retry = await extCall(world, access, 'POST', '/ext/v1/clips', body, key('f'));
    expect(retry.body).toEqual(first.body);
    const page = await api(world, world.teacher, 'GET', '/api/v1/me/abilities/A2');
    const item = page.body.submission.items.find((i: { slotId: string }) => i.slotId === 'reflection');
    expect(item.text).toContain('学生在动画导入后主动提出了问题');
    expect(item.text).toContain('https://www.example.cn/articles/42');
    expect(page.body.submission.version).toBe(first.body.clip.evidence.submission.version);
    const audits = await world.tool.database.db.select().from(auditLog).where(eq(auditLog.entityId, item.id));
    expect(audits.map((a) => a.client)).toEqual(['extension']);

    const fileSlot = await extCall(
      world,
      access,
      'POST',
      '/ext/v1/clips',
      { ...body, evidence: { abilityCode: 'A2', slotId: 'lesson-design' } },
      key('g'),
    );
    expect(fileSlot.status).toBe(422);
    const notChosen = await extCall(
      world,
      access,
      'POST',
      '/ext/v1/clips',
      { ...body, evidence: { abilityCode: 'A4', slotId: 'reflection' } },
      key('h'),
    );
    expect(notChosen.status).toBe(409);
    // A refused clip releases its key: the same key may carry a corrected clip.
    const fixed = await extCall(
      world,
      access,
      'POST',
      '/ext/v1/clips',
      { ...body, evidence: { abilityCode: 'A2', slotId: 'student-feedback' } },
      key('g'),
    );
    expect(fixed.status).toBe(201);
  });
});

describe('screenshots', () => {
  // The smallest valid PNG: 1×1, one grey pixel.
  const PNG = Buffer.from(
    '89504e470d0a1a0a0000000d4948445200000001000000010800000000' +
      '3a7e9b550000000a49444154789c63600000000200015ebd7ffc0000000049454e44ae426082',
    'hex',
  );
  it('stores a visible-area screenshot as a file and serves it only to its owner', async () => {
    const access = (await pairExtension(world)).accessToken;
    const shot = `data:image/png;base64,${PNG.toString('base64')}`;
    const saved = await extCall(
      world,
      access,
      'POST',
      '/ext/v1/clips',
      clip({ url: 'https://shot.example.cn/1', screenshot: shot }),
      key('shot'),
    );
    expect(saved.status).toBe(201);
    expect(saved.body.clip.resource.hasScreenshot).toBe(true);
    const id = saved.body.clip.resource.id;
    const response = await fetch(`${world.tool.url}/api/v1/me/library/${id}/screenshot`, {
      headers: { authorization: `Bearer ${world.teacher}` },
    });
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await response.arrayBuffer()).equals(PNG)).toBe(true);
    const teacher5 = await world.launch(5);
    expect((await api(world, teacher5, 'GET', `/api/v1/me/library/${id}/screenshot`)).status).toBe(404);

    const lying = await extCall(
      world,
      access,
      'POST',
      '/ext/v1/clips',
      clip({ url: 'https://shot.example.cn/2', screenshot: `data:image/jpeg;base64,${PNG.toString('base64')}` }),
      key('shot-2'),
    );
    expect(lying.status).toBe(422);
    const huge = await extCall(
      world,
      access,
      'POST',
      '/ext/v1/clips',
      clip({ url: 'https://shot.example.cn/3', screenshot: `data:image/png;base64,${'A'.repeat(750_000)}` }),
      key('shot-3'),
    );
    expect(huge.status).toBe(413);
    expect(huge.body.error.details).toEqual({ field: 'screenshot', max: 700_000 });
  });
});

describe('a library resource used as evidence from the web app', () => {
  it('fills a text slot with the saved text and its source, and refuses file slots and other people’s resources', async () => {
    const access = (await pairExtension(world)).accessToken;
    const saved = await extCall(
      world,
      access,
      'POST',
      '/ext/v1/clips',
      clip({ url: 'https://use.example.cn/1', text: '课堂导入的三个要点：短、准、趣。' }),
      key('use'),
    );
    const id = saved.body.clip.resource.id;
    const destinations = await api(world, world.teacher, 'GET', '/api/v1/me/library/destinations');
    expect(destinationsReply.parse(destinations.body).destinations.map((d) => d.abilityCode)).toEqual([
      'A1',
      'A2',
      'A5',
    ]);
    const used = await api(world, world.teacher, 'POST', `/api/v1/me/library/${id}/use`, {
      abilityCode: 'A2',
      slotId: 'reflection',
    });
    expect(used.status).toBe(200);
    expect(itemSavedReply.parse(used.body).item.slotId).toBe('reflection');
    const page = await api(world, world.teacher, 'GET', '/api/v1/me/abilities/A2');
    const item = page.body.submission.items.find((i: { slotId: string }) => i.slotId === 'reflection');
    expect(item.text).toBe(
      '课堂导入的三个要点：短、准、趣。\n\n来源 · Source: 信息技术支持的课堂导入案例 https://use.example.cn/1',
    );
    const file = await api(world, world.teacher, 'POST', `/api/v1/me/library/${id}/use`, {
      abilityCode: 'A2',
      slotId: 'lesson-design',
    });
    expect(file.status).toBe(422);
    const teacher5 = await world.launch(5);
    const theirs = await api(world, teacher5, 'POST', `/api/v1/me/library/${id}/use`, {
      abilityCode: 'A2',
      slotId: 'reflection',
    });
    expect(theirs.status).toBe(404);
  });
});

describe('tenant isolation', () => {
  it('keeps another institution’s teacher out of this library, these devices and these clips', async () => {
    const access = (await pairExtension(world)).accessToken;
    await extCall(world, access, 'POST', '/ext/v1/clips', clip({ url: 'https://iso.example.cn/1' }), key('iso'));
    const outsider = await world.launch(4, { other: true });
    const theirs = await pairExtension(world, outsider, 'outsider');
    const lookup = await extCall(
      world,
      theirs.accessToken,
      'GET',
      `/ext/v1/clips/lookup?url=${encodeURIComponent('https://iso.example.cn/1')}`,
    );
    expect(lookup.body.saved).toBe(false);
    expect((await api(world, outsider, 'GET', '/api/v1/me/library')).body.resources).toEqual([]);
    const mine = await api(world, world.teacher, 'GET', '/api/v1/me/extension/devices');
    const target = mine.body.devices[0].id;
    expect((await api(world, outsider, 'DELETE', `/api/v1/me/extension/devices/${target}`)).status).toBe(404);
    // The same Idempotency-Key in another tenant is a different clip.
    const same = await extCall(
      world,
      theirs.accessToken,
      'POST',
      '/ext/v1/clips',
      clip({ url: 'https://iso.example.cn/1' }),
      key('iso'),
    );
    expect(same.status).toBe(201);
    const profile = await extCall(world, theirs.accessToken, 'GET', '/ext/v1/me');
    expect(profile.body).toMatchObject({ enrolled: false, destinations: [] });
  });
});
