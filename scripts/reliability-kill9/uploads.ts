import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { contextProgrammeLinks, evidenceItems, ltiContexts, organisations } from '../../lti-tool/server/db/schema';
import { hashOfKey } from '../../lti-tool/server/storage/types';
import { seedFixtureWorld } from '../../test/completions/seed';
import { harness, kill9, sessionFor, sha, type Result } from './harness';

// ---------------------------------------------------------------------------------------------------------------
// Evidence uploads: 6 teachers upload a 4 MB file each, slowly, two acknowledged first; SIGKILL while the others
// stream. After the restart: every acknowledged file is there with its bytes and hash, no record points at a
// missing or partial file, the interrupted uploads can be sent again.
export async function uploads(serverUrl: string): Promise<Result> {
  const h = await harness(serverUrl, 'upload');
  const world = await seedFixtureWorld(h.database.db, 'kill9');
  let tool = await h.start();
  // The course, linked by the administrator to the programme and the school, as the launch pages would have it.
  const [school] = await h.database.db
    .select({ id: organisations.id })
    .from(organisations)
    .where(and(eq(organisations.tenantId, world.tenantId), eq(organisations.kind, 'school')));
  const [context] = await h.database.db
    .insert(ltiContexts)
    .values({ tenantId: world.tenantId, platformId: world.platformId, deploymentId: '1', contextId: 'kill9-course' })
    .returning({ id: ltiContexts.id });
  await h.database.db.insert(contextProgrammeLinks).values({
    tenantId: world.tenantId,
    contextId: context!.id,
    programmeInstanceId: world.programmeInstanceId,
    organisationId: school!.id,
    linkedByPersonId: world.adminPersonId,
  });
  const teachers = [...world.teachers.values()].slice(0, 6);
  const sessions = await Promise.all(
    teachers.map((t) => sessionFor(h.database.db, world, t.personId, ['teacher'], context!.id)),
  );
  for (const s of sessions) {
    const chosen = await fetch(`${h.url}/api/v1/me/selections`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${s}`, 'content-type': 'application/json' },
      body: JSON.stringify({ abilities: ['A1', 'A2', 'A5'] }),
    });
    if (chosen.status !== 200) throw new Error(`selections: ${chosen.status} ${await chosen.text()}`);
  }
  const SIZE = 4 * 1024 * 1024;
  const file = (n: number) => {
    const bytes = Buffer.alloc(SIZE, n);
    bytes.write('%PDF-1.7\n', 0);
    return bytes;
  };

  const upload = (i: number, slow: boolean) => {
    const bytes = file(i);
    // A slow sender: 64 KiB every 20 ms, so the kill lands while the body streams.
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        for (let at = 0; at < bytes.length; at += 65536) {
          controller.enqueue(bytes.subarray(at, at + 65536));
          if (slow) await new Promise((resolve) => setTimeout(resolve, 20));
        }
        controller.close();
      },
    });
    return fetch(`${h.url}/api/v1/me/abilities/A1/items/analysis-plan/file`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${sessions[i]}`,
        'content-type': 'application/pdf',
        'x-filename': encodeURIComponent(`教学设计-${i}.pdf`),
        'content-length': String(bytes.length),
      },
      body,
      duplex: 'half',
    } as RequestInit).then(async (r) => ({ status: r.status, body: (await r.json().catch(() => null)) as unknown }));
  };
  const acked = new Map<number, unknown>();
  for (const i of [0, 1]) {
    const r = await upload(i, false);
    if (r.status < 300) acked.set(i, r.body);
    else throw new Error(`upload ${i}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  const inflight = [2, 3, 4, 5].map((i) =>
    upload(i, true).then(
      (r) => (r.status < 300 ? acked.set(i, r.body) : undefined),
      () => undefined,
    ),
  );
  await new Promise((resolve) => setTimeout(resolve, 600));
  await kill9(tool);
  await Promise.all(inflight);
  const ackedBeforeKill = acked.size;
  const fileRows = () =>
    h.database.db
      .select({ key: evidenceItems.storageKey, size: evidenceItems.fileSizeBytes, sha: evidenceItems.fileSha256 })
      .from(evidenceItems)
      .where(eq(evidenceItems.kind, 'document'));
  const rowsAfterKill = await fileRows();
  const leftovers = await readdir(join(h.dataDir, 'files', 'tmp')).catch(() => [] as string[]);
  tool = await h.start();
  const problems: string[] = [];
  const check = async (rows: Awaited<ReturnType<typeof fileRows>>) => {
    for (const row of rows) {
      const hex = hashOfKey(row.key ?? '');
      if (!hex) {
        problems.push(`no blob key: ${row.key}`);
        continue;
      }
      const bytes = await readFile(join(h.dataDir, 'files', hex.slice(0, 2), hex.slice(2, 4), hex)).catch(() => null);
      if (!bytes) problems.push(`${hex}: missing on disk`);
      else if (bytes.length !== row.size || sha(bytes) !== hex) {
        problems.push(`${hex}: ${bytes.length} bytes on disk, ${row.size} recorded`);
      }
    }
  };
  await check(rowsAfterKill);
  const ackedMissing = [...acked.keys()].filter((i) => !rowsAfterKill.some((r) => r.key === `sha256/${sha(file(i))}`));
  for (const i of [2, 3, 4, 5]) {
    if (acked.has(i)) continue;
    const r = await upload(i, false);
    if (r.status >= 300) problems.push(`re-upload ${i}: ${r.status}`);
  }
  const rows = await fileRows();
  await check(rows);
  await tool.stop();
  await h.close();
  return {
    scenario: 'evidence uploads (6 × 4 MB, 4 streaming when killed)',
    acknowledgedBeforeKill: ackedBeforeKill,
    fileRowsAfterKill: rowsAfterKill.length,
    acknowledgedMissing: ackedMissing.length,
    rowsPointingAtMissingOrPartialFiles: problems.length,
    problems,
    fileRowsAfterReuploads: rows.length,
    partialFilesLeftInTmp: leftovers.length,
    ok: problems.length === 0 && ackedMissing.length === 0 && rows.length === 6,
  };
}
