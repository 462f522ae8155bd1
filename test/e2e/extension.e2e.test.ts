import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Frame, Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog } from '../../lti-tool/server/db/schema';
import { loadWebAssets } from '../../lti-tool/server/web-assets';
import { api } from '../journey/world';
import { startExtensionWorld, type ExtensionWorld } from '../extension/world';
import { launchChromiumWithExtension } from './chromium';
import { restartableTool, servePages } from './extension-tool';

/**
 * Issue 5 end to end: Debian's Chromium with the unpacked extension, against the running tool. Pair, clip a page
 * into the library, clip a selection into an evidence slot, stop the tool, clip twice, restart it: both arrive once.
 */
const ROOT = join(import.meta.dirname, '../..');
let world: ExtensionWorld;
let tool: Awaited<ReturnType<typeof restartableTool>>;
let pages: Awaited<ReturnType<typeof servePages>>;
let ctx: BrowserContext;
let worker: Worker;
let extensionId: string;

beforeAll(async () => {
  execFileSync(join(ROOT, 'node_modules/.bin/tsx'), ['extension/build.ts', '--e2e'], { cwd: ROOT, stdio: 'inherit' });
  world = await startExtensionWorld({ webAssets: loadWebAssets() });
  tool = await restartableTool(world.tool);
  pages = await servePages(join(ROOT, 'test/fixtures/pages'), join(ROOT, 'test/fixtures/clip-corpus'));
  ctx = await launchChromiumWithExtension(join(ROOT, 'dist/extension-chrome-e2e'));
  worker = ctx.serviceWorkers()[0] ?? (await ctx.waitForEvent('serviceworker'));
  extensionId = new URL(worker.url()).host;
});

afterAll(async () => {
  await ctx?.close();
  await pages?.close();
  await tool?.stop();
  await world?.close();
});

const corpus = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/clip-corpus/corpus.json'), 'utf8')) as {
  pages: { file: string; paragraphs: string[] }[];
};

const extensionPage = (path: string) => `chrome-extension://${extensionId}/${path}`;

/** Opens a fixture page in a tab and returns that tab's id, as the background sees it. */
async function openTab(name: string): Promise<{ page: Page; tabId: number }> {
  const page = await ctx.newPage();
  const url = `${pages.url}/${name}`;
  await page.goto(url);
  const tabId = await worker.evaluate(async (u) => {
    const tabs = await (
      globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<{ id: number; url: string }[]> } } }
    ).chrome.tabs.query({});
    return tabs.find((t) => t.url === u)?.id ?? -1;
  }, url);
  expect(tabId).toBeGreaterThan(0);
  return { page, tabId };
}

async function openPopup(tabId: number): Promise<Page> {
  const popup = await ctx.newPage();
  await popup.goto(extensionPage(`popup/index.html?tab=${tabId}`));
  await popup.getByTestId('page-title').waitFor();
  return popup;
}

const entry = (popup: Page, title: string) => popup.locator(`[data-testid="outbox-entry"][data-title="${title}"]`);

/** The tool inside the Moodle-like course page of the simulator, launched as teacher 4. */
async function openTool(page: Page): Promise<Frame> {
  const query = new URLSearchParams({ client_id: world.clientId, course: '2', user: '4', id: '1' });
  await page.goto(`${world.sim.issuer}/mod/lti/view.php?${query}`);
  const frame = await (await page.locator('#contentframe').elementHandle())?.contentFrame();
  if (!frame) throw new Error('no tool frame');
  await frame.locator('header.topbar').waitFor();
  return frame;
}

async function libraryTitles(): Promise<string[]> {
  const { body } = await api(world, world.teacher, 'GET', '/api/v1/me/library');
  return body.resources.map((r: { title: string }) => r.title);
}

describe('the browser extension in Chromium', () => {
  it('pairs with a code the teacher creates in the tool’s “Connect browser extension” panel', async () => {
    const lms = await ctx.newPage();
    const frame = await openTool(lms);
    await frame.getByRole('button', { name: '连接浏览器扩展' }).click();
    await frame.getByRole('button', { name: '生成连接码' }).click();
    const code = (await frame.locator('[data-testid="pairing-code"] strong').textContent()) ?? '';
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(await frame.locator('[data-testid="pairing-code"] input').inputValue()).toBe(
      `${world.tool.url}/ext/pair#${code}`,
    );

    const options = await ctx.newPage();
    await options.goto(extensionPage('options/index.html'));
    await options.locator('#origin').fill(tool.url());
    await options.locator('#code').fill(code);
    await options.locator('#device').fill('Chromium · E2E');
    await options.getByTestId('connect').click();
    await options.getByTestId('connected').waitFor();
    // The tokens stay in the background: nothing of them in the page-visible storage of the options page.
    expect(await options.evaluate(() => JSON.stringify(localStorage))).toBe('{}');
    await options.close();

    await frame.getByRole('button', { name: '资源库' }).click();
    await frame.getByRole('button', { name: '连接浏览器扩展' }).click();
    await frame.getByText('Chromium · E2E').waitFor();
    await lms.close();
  });

  it('clips an article into the library with tags, ability and an evaluation note', async () => {
    const { tabId } = await openTab('article.html');
    const popup = await openPopup(tabId);
    expect(await popup.getByTestId('page-title').textContent()).toBe('用动画导入激发学生兴趣：一节初中数学课的设计');
    await popup.locator('#tags').fill('导入，数学');
    await popup.locator('#ability').selectOption('A2');
    await popup.locator('#note').fill('动画导入简洁，问题设计具体。');
    // The popup closes when it loses focus; reopened on the same page, the form is as the teacher left it.
    await popup.reload();
    await popup.getByTestId('page-title').waitFor();
    await expect.poll(() => popup.locator('#note').inputValue()).toBe('动画导入简洁，问题设计具体。');
    expect(await popup.locator('#tags').inputValue()).toBe('导入，数学');
    expect(await popup.locator('#ability').inputValue()).toBe('A2');
    await popup.getByTestId('save').click();
    await entry(popup, '用动画导入激发学生兴趣：一节初中数学课的设计')
      .and(popup.locator('[data-status="saved"]'))
      .waitFor();
    const { body } = await api(world, world.teacher, 'GET', '/api/v1/me/library?ability=A2');
    expect(body.resources).toEqual([
      expect.objectContaining({
        title: '用动画导入激发学生兴趣：一节初中数学课的设计',
        url: 'https://edu.example.cn/articles/2024/animation-intro',
        tags: ['导入', '数学'],
        note: '动画导入简洁，问题设计具体。',
        author: '张老师, 李老师',
      }),
    ]);
    await popup.close();
  });

  it('clips a selection as evidence into a slot, with the slot’s requirements shown first', async () => {
    const { page, tabId } = await openTab('wechat.html');
    await page.evaluate(() => {
      const p = document.querySelector('#js_content p') as HTMLElement;
      const range = document.createRange();
      range.selectNodeContents(p);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
    });
    const popup = await openPopup(tabId);
    expect(await popup.locator('#mode').inputValue()).toBe('selection');
    await popup.locator('#destination').selectOption('evidence');
    await popup.locator('#ev-ability').selectOption('A2');
    await popup.locator('#ev-slot').selectOption('reflection');
    await popup.getByTestId('slot-requirements').waitFor();
    await popup.getByTestId('save').click();
    await entry(popup, '信息技术 2.0 | 我校开展微能力点校本研修').and(popup.locator('[data-status="saved"]')).waitFor();
    const { body } = await api(world, world.teacher, 'GET', '/api/v1/me/abilities/A2');
    const item = body.submission.items.find((i: { slotId: string }) => i.slotId === 'reflection');
    expect(item.text).toContain('我校全体教师参加了以“A2 技术支持的课堂导入”为主题的校本研修活动');
    await popup.close();
  });

  it('clips a whole WeChat-shaped article into a text slot with every paragraph', async () => {
    const { tabId } = await openTab('wechat-sections.html');
    const popup = await openPopup(tabId);
    expect(await popup.getByTestId('page-title').textContent()).toBe(
      '整校推进｜我们是怎样用一个学期完成微能力点研修的',
    );
    await popup.locator('#destination').selectOption('evidence');
    await popup.locator('#ev-ability').selectOption('A2');
    await popup.locator('#ev-slot').selectOption('student-feedback');
    await popup.getByTestId('save').click();
    await entry(popup, '整校推进｜我们是怎样用一个学期完成微能力点研修的')
      .and(popup.locator('[data-status="saved"]'))
      .waitFor();
    const { body } = await api(world, world.teacher, 'GET', '/api/v1/me/abilities/A2');
    const text: string = body.submission.items.find((i: { slotId: string }) => i.slotId === 'student-feedback').text;
    const paragraphs = (corpus.pages.find((p) => p.file === 'wechat-sections.html')?.paragraphs ?? []) as string[];
    expect(paragraphs).toHaveLength(10);
    for (const p of paragraphs) expect(text.replace(/\s+/g, '')).toContain(p.replace(/\s+/g, ''));
    await popup.close();
  });

  it('clips the PDF open in a tab into a document slot, checked before it is queued', async () => {
    const { tabId } = await openTab('lesson-plan.pdf');
    const popup = await openPopup(tabId);
    await popup.locator('#destination').selectOption('evidence');
    await popup.locator('#ev-ability').selectOption('A2');
    await popup.locator('#ev-slot').selectOption('lesson-design');
    // Nothing chosen yet: the button says why it waits.
    expect(await popup.getByTestId('save').isDisabled()).toBe(true);
    await popup.getByTestId('file-from-pdf').check();
    await popup.getByTestId('save').click();
    await entry(popup, 'lesson-plan.pdf').and(popup.locator('[data-status="saved"]')).waitFor();
    const { body } = await api(world, world.teacher, 'GET', '/api/v1/me/abilities/A2');
    const item = body.submission.items.find((i: { slotId: string }) => i.slotId === 'lesson-design');
    const bytes = readFileSync(join(ROOT, 'test/fixtures/pages/lesson-plan.pdf'));
    expect(item.file).toMatchObject({
      name: 'lesson-plan.pdf',
      mime: 'application/pdf',
      sizeBytes: bytes.byteLength,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
    await popup.close();
  });

  it('keeps two clips while the tool is down and delivers each exactly once after it restarts', async () => {
    await tool.stop();
    const video = await openTab('video.html');
    const popup = await openPopup(video.tabId);
    await popup.getByTestId('save').click();
    const videoEntry = entry(popup, '【课例】小学科学《光的传播》课堂实录');
    await videoEntry.and(popup.locator('[data-status="failed"]')).waitFor();

    const article = await openTab('article.html');
    await popup.goto(extensionPage(`popup/index.html?tab=${article.tabId}`));
    await popup.getByTestId('page-title').waitFor();
    await popup.locator('#mode').selectOption('link');
    await popup.locator('#tags').fill('链接');
    await popup.getByTestId('save').click();
    const linkEntries = popup.locator('[data-testid="outbox-entry"][data-status="failed"]');
    await expect.poll(() => linkEntries.count()).toBe(2);
    expect(await popup.locator('[data-testid="outbox-entry"][data-error="network"]').count()).toBe(2);

    await tool.start();
    await popup.getByTestId('retry-all').click();
    await expect.poll(() => popup.locator('[data-testid="outbox-entry"][data-status="saved"]').count()).toBe(6);

    // A worker that stopped after the tool stored a clip but before the outbox wrote "saved" sends it again:
    // simulate that by putting every entry back in the queue, then retry. The idempotency keys keep one copy.
    await worker.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('ability-clipper', 1);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const tx = db.transaction('outbox', 'readwrite');
      const store = tx.objectStore('outbox');
      const all = await new Promise<{ status: string }[]>((resolve) => {
        const req = store.getAll();
        req.onsuccess = () => resolve(req.result as { status: string }[]);
      });
      for (const e of all) store.put({ ...e, status: 'queued', nextAttemptAt: 0 });
      await new Promise<void>((resolve) => (tx.oncomplete = () => resolve()));
      db.close();
    });
    await popup.getByTestId('retry-all').click();
    await expect.poll(() => popup.locator('[data-testid="outbox-entry"][data-status="saved"]').count()).toBe(6);

    const titles = await libraryTitles();
    // The PDF went again too, its bytes read back from IndexedDB: still one save of it on the tool.
    const pdfItem = (await api(world, world.teacher, 'GET', '/api/v1/me/abilities/A2')).body.submission.items.find(
      (i: { slotId: string }) => i.slotId === 'lesson-design',
    );
    const pdfSaves = await world.tool.database.db.select().from(auditLog).where(eq(auditLog.entityId, pdfItem.id));
    expect(pdfSaves.filter((a) => a.action === 'evidence.save')).toHaveLength(1);
    expect(titles.filter((t) => t === '【课例】小学科学《光的传播》课堂实录')).toHaveLength(1);
    expect(titles.filter((t) => t === '用动画导入激发学生兴趣：一节初中数学课的设计')).toHaveLength(2);
    expect(titles).toHaveLength(3);
    const { body } = await api(world, world.teacher, 'GET', `/api/v1/me/library?tag=${encodeURIComponent('链接')}`);
    expect(body.resources).toEqual([expect.objectContaining({ kind: 'link' })]);
    const videoRes = (await api(world, world.teacher, 'GET', '/api/v1/me/library')).body.resources.find(
      (r: { kind: string }) => r.kind === 'video',
    );
    expect(videoRes.video).toMatchObject({ durationSeconds: 754 });
  });

  it('shows the clips in the tool’s resource library, filtered by tag', async () => {
    const lms = await ctx.newPage();
    const frame = await openTool(lms);
    await frame.getByRole('button', { name: '资源库' }).click();
    await frame.getByText('【课例】小学科学《光的传播》课堂实录').waitFor();
    expect(await frame.locator('main li strong').allTextContents()).toEqual(
      expect.arrayContaining(['用动画导入激发学生兴趣：一节初中数学课的设计']),
    );
    await frame.getByLabel('标签').selectOption('链接');
    await expect.poll(() => frame.locator('main li').count()).toBe(1);

    // The saved copy opens in a sandboxed frame; the resource can become evidence in a text slot.
    await frame.getByLabel('标签').selectOption('');
    const video = frame.locator('main li').filter({ hasText: '【课例】小学科学《光的传播》课堂实录' });
    await video.getByRole('button', { name: '查看保存的内容' }).click();
    expect(await video.locator('iframe').getAttribute('sandbox')).toBe('');
    await video.getByLabel('微能力点').selectOption('A2');
    await video.getByLabel('成果项').selectOption('student-feedback');
    await video.getByRole('button', { name: '用作实践成果' }).click();
    await video.getByText('已保存到成果草稿。').waitFor();
    const { body } = await api(world, world.teacher, 'GET', '/api/v1/me/abilities/A2');
    const item = body.submission.items.find((i: { slotId: string }) => i.slotId === 'student-feedback');
    expect(item.text).toContain('光沿直线传播');
    await lms.close();
  });
});
