import { sql } from 'drizzle-orm';
import { extClips } from '../../lti-tool/server/db/schema';
import { seedFixtureWorld } from '../../test/completions/seed';
import { harness, kill9, post, sessionFor, waitUntil, type Result } from './harness';

// ---------------------------------------------------------------------------------------------------------------
// The extension's burst of clips: 300 clips, 12 in flight, each with its Idempotency-Key; SIGKILL after 80 are
// acknowledged. The extension keeps every unacknowledged clip in its outbox and sends it again with the same key.
export async function clipBurst(serverUrl: string): Promise<Result> {
  const h = await harness(serverUrl, 'clips');
  const world = await seedFixtureWorld(h.database.db, 'kill9');
  const teacher = world.teachers.get('t001')!;
  let tool = await h.start();
  const session = await sessionFor(h.database.db, world, teacher.personId, ['teacher']);
  const minted = (await post(`${h.url}/api/v1/me/extension/pairing-codes`, session, {})) as {
    body: { code: string };
  };
  const paired = await fetch(`${h.url}/ext/v1/pair`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: minted.body.code, deviceName: 'kill -9' }),
  });
  const { accessToken } = (await paired.json()) as { accessToken: string };
  const CLIPS = 300;
  const clip = (i: number) => ({
    destination: 'library',
    kind: 'page',
    url: `https://www.example.cn/articles/${i}`,
    title: `课堂导入案例 ${i}`,
    site: '示例教育网',
    excerpt: '一节数学课如何用动画导入。',
    text: '正文……'.repeat(50),
    tags: ['课堂导入'],
    abilityCode: 'A2',
  });
  const key = (i: number) => `kill9-clip-${String(i).padStart(6, '0')}-0123456789`;
  const acked = new Map<number, string>();
  let killed = false;
  let next = 0;
  const send = async (i: number) => {
    const r = await post(`${h.url}/ext/v1/clips`, accessToken, clip(i), { 'idempotency-key': key(i) });
    if (r.status === 200 || r.status === 201) return (r.body as { clip: { id: string } }).clip.id;
    throw new Error(`clip ${i}: ${r.status} ${JSON.stringify(r.body)}`);
  };
  const sender = async () => {
    while (!killed && next < CLIPS) {
      const i = next++;
      try {
        acked.set(i, await send(i));
      } catch {
        // Not acknowledged: stays in the outbox.
      }
    }
  };
  const senders = Promise.all(Array.from({ length: 12 }, sender));
  await waitUntil(() => acked.size >= 80);
  await kill9(tool);
  killed = true;
  await senders;
  const ackedBeforeKill = acked.size;
  const rowsAfterKill = await h.database.db
    .select({ key: extClips.idempotencyKey, completedAt: extClips.completedAt, response: extClips.response })
    .from(extClips);
  const unfinished = rowsAfterKill.filter((r) => !r.completedAt || !r.response).length;
  tool = await h.start();
  // The outbox drains: every clip not acknowledged is sent again with its key. A clip whose claim the killed process
  // held answers 409 clip_in_progress (transient for the extension) until the claim is a minute old.
  const replayedIds = new Map<number, string>();
  let inProgressAnswers = 0;
  const resentAt = Date.now();
  for (let i = 0; i < CLIPS; i++) {
    if (acked.has(i)) continue;
    for (;;) {
      try {
        replayedIds.set(i, await send(i));
        break;
      } catch (err) {
        if (!String(err).includes('clip_in_progress')) throw err;
        inProgressAnswers++;
        await new Promise((resolve) => setTimeout(resolve, 5_000));
      }
    }
  }
  const drainSeconds = Math.round((Date.now() - resentAt) / 1000);
  // And an acknowledged one sent again (a lost reply) answers the same clip.
  const sample = [...acked.keys()].slice(0, 20);
  const sameAnswer = (await Promise.all(sample.map(async (i) => (await send(i)) === acked.get(i)))).every(Boolean);
  const rows = await h.database.db
    .select({ id: extClips.id, key: extClips.idempotencyKey, completedAt: extClips.completedAt })
    .from(extClips);
  const ids = new Set(rows.map((r) => r.id));
  const missing = [...acked.values()].filter((id) => !ids.has(id)).length;
  const [resources] = await h.database.db
    .execute<{ n: number }>(sql`select count(*)::int as n from library_resources where person_id = ${teacher.personId}`)
    .then((r) => r.rows);
  await tool.stop();
  await h.close();
  return {
    scenario: 'extension burst of clips (300, 12 in flight, Idempotency-Key)',
    acknowledgedBeforeKill: ackedBeforeKill,
    rowsAfterKill: rowsAfterKill.length,
    unfinishedRowsAfterKill: unfinished,
    resentAfterRestart: replayedIds.size,
    clipInProgressAnswers: inProgressAnswers,
    secondsToDrainOutbox: drainSeconds,
    acknowledgedMissing: missing,
    lostReplyAnswersSameClip: sameAnswer,
    clipRows: rows.length,
    distinctKeys: new Set(rows.map((r) => r.key)).size,
    libraryResources: resources?.n,
    ok:
      missing === 0 &&
      sameAnswer &&
      rows.length === CLIPS &&
      new Set(rows.map((r) => r.key)).size === CLIPS &&
      rows.every((r) => r.completedAt),
  };
}
