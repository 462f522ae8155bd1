import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenManager } from '../../extension/src/background/auth';
import { MemoryOutboxStore, Outbox } from '../../extension/src/background/outbox';
import { ToolClient } from '../../extension/src/background/tool-client';
import { type FileClip, sha256Hex } from '../../extension/src/common/clip-file';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { auditLog, evidenceItems } from '../../lti-tool/server/db/schema';
import { mp4WithDuration, wmvWithDuration } from '../fixtures/video';
import { api } from '../journey/world';
import { extCall, pairExtension, startExtensionWorld, type ExtensionWorld } from './world';

// Clips that become evidence in a slot beyond the single clip: pages gathered into one text slot (the side panel),
// and files (a PDF open in the browser, or one from the computer) into file slots.
let world: ExtensionWorld;
beforeAll(async () => {
  world = await startExtensionWorld();
});
afterAll(() => world.close());

const clip = (overrides: Record<string, unknown> = {}) => ({
  destination: 'library',
  kind: 'page',
  url: 'https://www.example.cn/articles/42',
  title: '信息技术支持的课堂导入案例',
  tags: [],
  ...overrides,
});
const key = (n: string) => ({ 'idempotency-key': `clip-${n}-0123456789` });

describe('gathering several pages into one text slot', () => {
  it('appends each clip after the slot’s text, once per key, and refuses to grow past the slot’s limit', async () => {
    const access = (await pairExtension(world)).accessToken;
    const into = (title: string, url: string, selection: string) =>
      clip({
        destination: 'evidence',
        kind: 'selection',
        title,
        url,
        selection,
        evidence: { abilityCode: 'A2', slotId: 'student-feedback', append: true },
      });
    const first = into('第一篇', 'https://www.example.cn/a/1', '学生反馈：动画导入让我更想学。');
    const second = into('第二篇', 'https://www.example.cn/a/2', '学生反馈：小组讨论的时间不够。');
    expect((await extCall(world, access, 'POST', '/ext/v1/clips', first, key('p1'))).status).toBe(201);
    expect((await extCall(world, access, 'POST', '/ext/v1/clips', second, key('p2'))).status).toBe(201);
    // A retry of the second (same key) is answered from the first answer, not appended again.
    expect((await extCall(world, access, 'POST', '/ext/v1/clips', second, key('p2'))).status).toBe(200);
    const page = await api(world, world.teacher, 'GET', '/api/v1/me/abilities/A2');
    const item = page.body.submission.items.find((i: { slotId: string }) => i.slotId === 'student-feedback');
    expect(item.text.split('学生反馈：')).toHaveLength(3);
    expect(item.text.indexOf('https://www.example.cn/a/1')).toBeLessThan(
      item.text.indexOf('https://www.example.cn/a/2'),
    );

    const tooMuch = into('第三篇', 'https://www.example.cn/a/3', '很长的反馈。'.repeat(3_500));
    const refused = await extCall(world, access, 'POST', '/ext/v1/clips', tooMuch, key('p3'));
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('evidence_text_too_long');
    expect(refused.body.error.details).toMatchObject({ field: 'text', max: 20_000, slotId: 'student-feedback' });
    expect(refused.body.error.message).toMatch(/^“学生体会”最多 20,000 字（当前 2\d,\d{3} 字），请删减后再保存/);
    const after = await api(world, world.teacher, 'GET', '/api/v1/me/abilities/A2');
    const kept = after.body.submission.items.find((i: { slotId: string }) => i.slotId === 'student-feedback');
    expect(kept.text).toBe(item.text);

    // Typed in the web app: the same limit, named with the slot (not a generic "未通过校验").
    const typed = await api(world, world.teacher, 'PUT', '/api/v1/me/abilities/A2/items/reflection', {
      text: '反'.repeat(20_001),
    });
    expect(typed.status).toBe(422);
    expect(typed.body.error.message).toBe(
      '“教学反思”最多 20,000 字（当前 20,001 字），请删减后再保存，或把较长的内容作为文档上传。',
    );
    const exactly = await api(world, world.teacher, 'PUT', '/api/v1/me/abilities/A2/items/reflection', {
      text: '反'.repeat(20_000),
    });
    expect(exactly.status).toBe(200);
  });
});

describe('files into file evidence slots', () => {
  const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n');
  const sha = createHash('sha256').update(pdf).digest('hex');
  const headers = (name: string, k: string, digest = sha) => ({
    ...key(k),
    'content-type': 'application/pdf',
    'x-filename': encodeURIComponent(name),
    'x-content-sha256': digest,
  });

  it('stores a PDF in a document slot once per key, checked as the web app checks uploads', async () => {
    const access = (await pairExtension(world)).accessToken;
    const path = '/ext/v1/files?abilityCode=A2&slotId=lesson-design';
    const first = await extCall(world, access, 'POST', path, pdf, headers('《认识分数》教学设计.pdf', 'f1'));
    expect(first.status).toBe(201);
    expect(first.body.clip.evidence).toMatchObject({ abilityCode: 'A2', slotId: 'lesson-design' });
    const again = await extCall(world, access, 'POST', path, pdf, headers('《认识分数》教学设计.pdf', 'f1'));
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);

    const page = await api(world, world.teacher, 'GET', '/api/v1/me/abilities/A2');
    const item = page.body.submission.items.find((i: { slotId: string }) => i.slotId === 'lesson-design');
    expect(item).toMatchObject({
      kind: 'document',
      file: { name: '《认识分数》教学设计.pdf', mime: 'application/pdf', sha256: sha, sizeBytes: pdf.byteLength },
    });
    const audits = await world.tool.database.db.select().from(auditLog).where(eq(auditLog.entityId, item.id));
    expect(audits.map((a) => a.client)).toContain('extension');

    // The same key with other bytes is another request: refused, not replayed.
    const reused = await extCall(
      world,
      access,
      'POST',
      path,
      pdf,
      headers('《认识分数》教学设计.pdf', 'f1', 'a'.repeat(64)),
    );
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('idempotency_key_reused');
  });

  it('is what the extension’s own client sends: a queued file, bytes from the outbox, saved once', async () => {
    const minted = await api(world, world.teacher, 'POST', '/api/v1/me/extension/pairing-codes');
    const memory = () => {
      const data = new Map<string, unknown>();
      return {
        get: async (k: string | string[]) =>
          Object.fromEntries(
            [k]
              .flat()
              .filter((x) => data.has(x))
              .map((x) => [x, data.get(x)]),
          ),
        set: async (items: Record<string, unknown>) => void Object.entries(items).forEach(([k, v]) => data.set(k, v)),
        remove: async (k: string | string[]) => void [k].flat().forEach((x) => data.delete(x)),
      };
    };
    const auth = new TokenManager(memory(), memory(), fetch);
    await auth.pair(world.tool.url, minted.body.code, 'Chromium · 测试');
    const client = new ToolClient(auth, fetch);
    const outbox = new Outbox(new MemoryOutboxStore(), (entry) => client.sendClip(entry));
    const blob = new Blob([pdf], { type: 'application/pdf' });
    const clip: FileClip = {
      destination: 'file',
      abilityCode: 'A2',
      slotId: 'lesson-design',
      title: '学习任务单.pdf',
      sizeBytes: blob.size,
      sha256: await sha256Hex(blob),
    };
    expect(clip.sha256).toBe(sha);
    const queued = await outbox.enqueue(clip, blob);
    await outbox.flush();
    const [sent] = await outbox.list();
    expect(sent).toMatchObject({ id: queued.id, status: 'saved' });
    // Sent again as if the worker had stopped before recording success: the key makes it one file.
    await outbox.retry(queued.id);
    const store = (outbox as unknown as { store: MemoryOutboxStore }).store;
    await store.put({ ...(await store.get(queued.id))!, status: 'queued' });
    await outbox.flush({ all: true });
    const page = await api(world, world.teacher, 'GET', '/api/v1/me/abilities/A2');
    const items = page.body.submission.items.filter((i: { slotId: string }) => i.slotId === 'lesson-design');
    expect(items).toHaveLength(1);
    expect(items[0].file).toMatchObject({ name: '学习任务单.pdf', sha256: sha });
    const audits = await world.tool.database.db.select().from(auditLog).where(eq(auditLog.entityId, items[0].id));
    const saves = audits.filter(
      (a) => (a.after as { fileOriginalName?: string } | null)?.fileOriginalName === '学习任务单.pdf',
    );
    expect(saves).toHaveLength(1);
  });

  it('refuses a file the slot does not take, a text slot, and a request without the digest', async () => {
    const access = (await pairExtension(world)).accessToken;
    const exe = await extCall(
      world,
      access,
      'POST',
      '/ext/v1/files?abilityCode=A2&slotId=lesson-design',
      pdf,
      headers('setup.exe', 'f2'),
    );
    expect(exe.status).toBe(415);
    expect(exe.body.error.code).toBe('file_type_not_allowed');
    const renamed = await extCall(
      world,
      access,
      'POST',
      '/ext/v1/files?abilityCode=A2&slotId=lesson-design',
      new TextEncoder().encode('MZ not a pdf at all'),
      headers('教学设计.pdf', 'f3'),
    );
    expect(renamed.body.error.code).toBe('file_type_not_allowed');
    const textSlot = await extCall(
      world,
      access,
      'POST',
      '/ext/v1/files?abilityCode=A2&slotId=reflection',
      pdf,
      headers('反思.pdf', 'f4'),
    );
    expect(textSlot.status).toBe(422);
    const { 'x-content-sha256': _dropped, ...noDigest } = headers('教学设计.pdf', 'f5');
    const missing = await extCall(
      world,
      access,
      'POST',
      '/ext/v1/files?abilityCode=A2&slotId=lesson-design',
      pdf,
      noDigest,
    );
    expect(missing.status).toBe(422);
    expect(missing.body.error.details).toMatchObject({ field: 'X-Content-SHA256' });
  });
});

describe('video length (maxVideoMinutes), read from the container on upload', () => {
  const videoHeaders = (name: string, bytes: Uint8Array, k: string) => ({
    ...key(k),
    'content-type': 'application/octet-stream',
    'x-filename': encodeURIComponent(name),
    'x-content-sha256': createHash('sha256').update(bytes).digest('hex'),
  });
  /** Every stored evidence file (DATA_DIR/files, fanned out by hash), to see that a refused video left nothing. */
  const storedFiles = async () => {
    const root = join(world.tool.config.dataDir, 'files');
    const names = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
    return names.filter((d) => d.isFile()).map((d) => d.name);
  };
  const clipItem = async (code: string, slotId: string) => {
    const page = await api(world, world.teacher, 'GET', `/api/v1/me/abilities/${code}`);
    return page.body.submission?.items.find((i: { slotId: string }) => i.slotId === slotId);
  };

  it('keeps a video within the slot’s limit with its length, from the web app and the extension alike', async () => {
    const video = mp4WithDuration(9 * 60 + 30, { moovLast: true, mdatBytes: 200_000 });
    const web = await api(world, world.teacher, 'POST', '/api/v1/me/abilities/A2/items/classroom-clip/file', video, {
      'content-type': 'application/octet-stream',
      'x-filename': encodeURIComponent('课堂实录.mp4'),
    });
    expect(web.status).toBe(201);
    const [row] = await world.tool.database.db
      .select()
      .from(evidenceItems)
      .where(eq(evidenceItems.id, web.body.item.id));
    expect(row?.videoDurationSeconds).toBe(570);

    const wmv = wmvWithDuration(4 * 60);
    const access = (await pairExtension(world)).accessToken;
    const path = '/ext/v1/files?abilityCode=A1&slotId=analysis-report';
    const ext = await extCall(world, access, 'POST', path, wmv, videoHeaders('学情分析.wmv', wmv, 'v1'));
    expect(ext.status).toBe(201);
    const [extRow] = await world.tool.database.db
      .select()
      .from(evidenceItems)
      .where(eq(evidenceItems.id, ext.body.clip.evidence.item.id));
    expect(extRow?.videoDurationSeconds).toBe(240);
  });

  it('refuses a longer video with 422 naming the slot, the limit and the fix, and stores nothing', async () => {
    const before = await storedFiles();
    const kept = await clipItem('A2', 'classroom-clip');
    const long = mp4WithDuration(12 * 60 + 3);
    const web = await api(world, world.teacher, 'POST', '/api/v1/me/abilities/A2/items/classroom-clip/file', long, {
      'content-type': 'application/octet-stream',
      'x-filename': encodeURIComponent('课堂实录-完整.mp4'),
    });
    expect(web.status).toBe(422);
    expect(web.body.error).toMatchObject({
      code: 'evidence_video_too_long',
      message: '“课堂实录片段”的视频最长 10 分钟，这个视频为 12.1 分钟。请剪辑到 10 分钟以内后再上传。',
      details: { slotId: 'classroom-clip', maxVideoMinutes: 10, videoSeconds: 723 },
    });
    const english = await api(world, world.teacher, 'POST', '/api/v1/me/abilities/A2/items/classroom-clip/file', long, {
      'content-type': 'application/octet-stream',
      'x-filename': 'full.mp4',
      'accept-language': 'en',
    });
    expect(english.body.error.message).toBe(
      '"classroom video clip" takes videos up to 10 minutes; this one is 12.1 minutes. Trim it to 10 minutes or less, then upload it again.',
    );

    const wmv = wmvWithDuration(5 * 60 + 1);
    const access = (await pairExtension(world)).accessToken;
    const path = '/ext/v1/files?abilityCode=A1&slotId=analysis-report';
    const ext = await extCall(world, access, 'POST', path, wmv, videoHeaders('学情分析.wmv', wmv, 'v2'));
    expect(ext.status).toBe(422);
    expect(ext.body.error.code).toBe('evidence_video_too_long');
    expect(ext.body.error.message).toContain('“学情分析报告”的视频最长 5 分钟');

    expect(await storedFiles()).toEqual(before);
    expect(await clipItem('A2', 'classroom-clip')).toEqual(kept);
  });
});
