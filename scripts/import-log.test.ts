import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../lti-tool/server/logger';
import { importCompletionFile } from '../lti-tool/server/services/completions/feeds/import-file';
import { createCompletionSource } from '../lti-tool/server/services/completions/sources';
import { recentActivity } from '../lti-tool/server/services/operation-runs';
import { createTestDatabase, type TestDatabase } from '../test/helpers/db';
import { exportFile, seedFixtureWorld } from '../test/completions/seed';
import { recordCliImport } from './import';

// `npm run import` through the function it runs after opening the database (no process: the same code path).
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

describe('npm run import: logs and operation runs', () => {
  it('logs a preview and a real import as JSON under the request id, and lists only the real one for the admin', async () => {
    const world = await seedFixtureWorld(database.db, 'cli-import-log');
    const { source } = await createCompletionSource(database.db, world.tenantId, {
      name: 'moodle-cli',
      kind: 'file',
      programmeInstanceId: world.programmeInstanceId,
      platformId: world.platformId,
    });
    const lines: string[] = [];
    const log = createLogger('info', (line) => lines.push(line));
    const run = async (dryRun: boolean, requestId: string) => {
      const report = await importCompletionFile(database.db, {
        tenantId: world.tenantId,
        source,
        bytes: exportFile('course-completion.csv'),
        fileName: 'course-completion.csv',
        dryRun,
        recorder: { system: 'cli:import' },
        actor: { actorLabel: 'cli:import (test)', client: 'cli', requestId },
      });
      await recordCliImport(database.db, { source, report, requestId, log: log.child({ requestId }) });
      return report;
    };
    const preview = await run(true, 'cli-preview');
    const imported = await run(false, 'cli-real');
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged).toHaveLength(2);
    expect(logged[0]).toMatchObject({ msg: 'completion import', requestId: 'cli-preview', dryRun: true, via: 'cli' });
    expect(logged[1]).toMatchObject({
      level: 'info',
      msg: 'completion import',
      requestId: 'cli-real',
      tenantId: world.tenantId,
      sourceId: source.id,
      dryRun: false,
      rows: imported.summary.rows,
      created: imported.summary.created,
    });
    expect(imported.summary.created).toBeGreaterThan(0);
    expect(preview.summary.created).toBe(0);
    // Ids and counts only: no teacher's name or e-mail from the file reaches the log.
    const teacher = imported.items.find((i) => i.teacher)!.teacher;
    expect(lines.join('\n')).not.toContain(teacher);
    expect(lines.join('\n')).not.toContain('@');
    const { runs } = await recentActivity(database.db, world.tenantId);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      kind: 'completion_import',
      target: 'moodle-cli',
      requestId: 'cli-real',
      rows: imported.summary.rows,
    });
  });
});
