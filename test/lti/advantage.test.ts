import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeOutbox, people } from '../../lti-tool/server/db/schema';
import { deliverDueScores } from '../../lti-tool/server/jobs/grade-delivery';
import { egressPolicy } from '../../lti-tool/server/app';
import { ServiceTokenClient } from '../../lti-tool/server/lti/advantage/service-token';
import { createLtiStore } from '../../lti-tool/server/lti/store';
import { enqueueScore } from '../../lti-tool/server/services/grade-outbox';
import { syncRoster } from '../../lti-tool/server/services/roster-sync';
import { ltiContexts } from '../../lti-tool/server/db/schema';
import { TestBrowser, pageForm } from '../helpers/browser';
import { appConfig, browserLaunch, startLtiWorld, type LtiWorld } from './world';

let world: LtiWorld;
let tokens: ServiceTokenClient;
beforeAll(async () => {
  world = await startLtiWorld();
  tokens = new ServiceTokenClient({ policy: egressPolicy(world.tool.config) });
});
afterAll(() => world.close());

const deliveryDeps = () => ({
  db: world.tool.database.db,
  store: createLtiStore(world.tool.database.db),
  keys: world.tool.toolKeys,
  tokens,
  policy: egressPolicy(world.tool.config),
  logger: world.tool.logger,
});

describe('Deep Linking 2.0 round trip', () => {
  it('lets the course teacher place two micro-abilities with grade columns, and students launch them', async () => {
    const browser = new TestBrowser();
    const picker = await browserLaunch(world, browser, { userId: 3, deepLinking: true });
    expect(picker.response.status).toBe(200);
    expect(picker.html).toContain('A1');
    const form = pageForm(picker.html);
    const chosen = await browser.post(form.action, {
      session: form.fields.session ?? [],
      items: ['ability:A1', 'ability:B2', 'teacher-home'],
    });
    expect(chosen.status).toBe(200);
    const back = pageForm(await chosen.text());
    expect(back.action).toContain('/mod/lti/contentitem_return.php');
    const accepted = await browser.post(back.action, { JWT: back.fields.JWT?.[0] ?? '' });
    expect(accepted.status).toBe(200);

    const received = world.sim.deepLinkingResponses.at(-1);
    expect(received?.contentItems).toHaveLength(3);
    expect(received?.contentItems[0]).toMatchObject({
      type: 'ltiResourceLink',
      custom: { placement: 'ability', ability_code: 'A1' },
      lineItem: { scoreMaximum: 100, resourceId: 'ability:A1', tag: 'ability-grade' },
    });
    const columns = world.sim.gradebook(2).filter((c) => c.tag === 'ability-grade');
    expect(columns.map((c) => c.resourceId).sort()).toEqual(['ability:A1', 'ability:B2']);

    // The picker's session is single use: posting it again is refused.
    const again = await browser.post(form.action, { session: form.fields.session ?? [], items: ['ability:A1'] });
    expect(again.status).toBe(401);

    // A student launching the new A1 activity lands on that ability's page.
    const created = received?.created.find((c) => c.lineItemId !== undefined);
    const student = await browserLaunch(world, new TestBrowser(), { userId: 4, resourceLinkId: Number(created?.id) });
    expect(appConfig(student.html)).toMatchObject({ placement: 'ability', abilityCode: 'A1' });
  });

  it('asks again when nothing was chosen', async () => {
    const browser = new TestBrowser();
    const picker = await browserLaunch(world, browser, { userId: 3, deepLinking: true });
    const form = pageForm(picker.html);
    const empty = await browser.post(form.action, { session: form.fields.session ?? [] });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('Choose at least one item'); // the teacher's Moodle speaks English
  });
});

describe('Assignment and Grade Services through the outbox', () => {
  it('delivers a final grade to the coupled column, once, with strictly increasing timestamps', async () => {
    const launch = await browserLaunch(world, new TestBrowser(), { userId: 4, resourceLinkId: 1 });
    expect(launch.response.status).toBe(200);
    const lineItem = world.sim.gradebook(2).find((c) => c.coupled);
    const db = world.tool.database.db;
    const base = { tenantId: world.tenantId, platformId: world.platformId, subject: '4', lineItemUrl: lineItem?.url };
    await enqueueScore(db, { ...base, idempotencyKey: 'grade-1', scoreGiven: 80, scoreMaximum: 100, comment: '合格' });
    await enqueueScore(db, { ...base, idempotencyKey: 'grade-1', scoreGiven: 80, scoreMaximum: 100, comment: '合格' });
    await enqueueScore(db, { ...base, idempotencyKey: 'grade-2', scoreGiven: 100, scoreMaximum: 100, comment: '优秀' });
    const queued = await db.select().from(gradeOutbox).where(eq(gradeOutbox.subject, '4'));
    expect(queued).toHaveLength(2);
    const [t1, t2] = queued.map((q) => Date.parse((q.score as { timestamp: string }).timestamp)).sort();
    expect((t2 as number) - (t1 as number)).toBeGreaterThanOrEqual(1000);

    expect(await deliverDueScores(deliveryDeps())).toBe(2);
    const rows = await db.select().from(gradeOutbox).where(eq(gradeOutbox.subject, '4'));
    expect(rows.map((r) => r.status).sort()).toEqual(['delivered', 'delivered']);
    const result = world.sim
      .gradebook(2)
      .find((c) => c.coupled)
      ?.results.find((r) => r.userId === '4');
    expect(result).toMatchObject({ resultScore: 100 });
    expect(await deliverDueScores(deliveryDeps())).toBe(0);
  });

  it('finds or creates the ability column when only the container is known', async () => {
    const db = world.tool.database.db;
    const [context] = await db.select().from(ltiContexts);
    await enqueueScore(db, {
      tenantId: world.tenantId,
      platformId: world.platformId,
      subject: '5',
      idempotencyKey: 'c3-grade',
      lineItemsUrl: context?.lineItemsUrl,
      lineItemSpec: {
        label: 'C3 跨学科学习活动设计',
        scoreMaximum: 100,
        resourceId: 'ability:C3',
        tag: 'ability-grade',
      },
      scoreGiven: 80,
      scoreMaximum: 100,
    });
    await deliverDueScores(deliveryDeps());
    const column = world.sim.gradebook(2).find((c) => c.resourceId === 'ability:C3');
    expect(column?.results.find((r) => r.userId === '5')).toBeDefined();
    const [row] = await db.select().from(gradeOutbox).where(eq(gradeOutbox.idempotencyKey, 'c3-grade'));
    expect(row).toMatchObject({ status: 'delivered', lineItemUrl: column?.url });
  });

  it('records a score the platform refuses (a teacher is not gradable) without retrying it', async () => {
    const db = world.tool.database.db;
    const lineItem = world.sim.gradebook(2).find((c) => c.coupled);
    await enqueueScore(db, {
      tenantId: world.tenantId,
      platformId: world.platformId,
      subject: '3',
      idempotencyKey: 'teacher-grade',
      lineItemUrl: lineItem?.url,
      scoreGiven: 1,
      scoreMaximum: 100,
    });
    await deliverDueScores(deliveryDeps());
    const [row] = await db.select().from(gradeOutbox).where(eq(gradeOutbox.idempotencyKey, 'teacher-grade'));
    expect(row).toMatchObject({ status: 'rejected', lastStatus: 400, attempts: 1 });
  });

  it('keeps a score for later when the platform cannot be reached', async () => {
    const db = world.tool.database.db;
    await enqueueScore(db, {
      tenantId: world.tenantId,
      platformId: world.platformId,
      subject: '4',
      idempotencyKey: 'unreachable',
      lineItemUrl: 'http://127.0.0.1:1/mod/lti/services.php/2/lineitems/99/lineitem?type_id=1',
      scoreGiven: 1,
      scoreMaximum: 100,
    });
    await deliverDueScores(deliveryDeps());
    const [row] = await db.select().from(gradeOutbox).where(eq(gradeOutbox.idempotencyKey, 'unreachable'));
    expect(row?.status).toBe('pending');
    expect(row?.attempts).toBe(1);
    expect(row?.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 20_000);
  });
});

describe('Names and Role Provisioning', () => {
  it('syncs the course roster into people, once per platform user', async () => {
    const db = world.tool.database.db;
    const [context] = await db.select().from(ltiContexts);
    const store = createLtiStore(db);
    const platform = await store.getPlatform(world.platformId);
    const ctx = {
      endpoint: { tokenUrl: platform?.tokenEndpoint ?? '', clientId: world.clientId },
      key: await world.tool.toolKeys.signingKey(),
      tokens,
      policy: egressPolicy(world.tool.config),
    };
    const first = await syncRoster(db, ctx, context?.id ?? '');
    expect(first).toMatchObject({ fetched: 3, teachers: 2, assessors: 1, complete: true });
    const peopleAfterFirst = await db.select().from(people);
    const second = await syncRoster(db, ctx, context?.id ?? '');
    expect(second.created).toBe(0);
    expect(await db.select().from(people)).toHaveLength(peopleAfterFirst.length);
  });
});
