import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The boundaries of docs/architecture.md are ESLint rules (eslint.config.js): a file that crosses one fails the
 * build. Each case lints a one-line module as if it sat at the given path.
 */
const eslint = new ESLint();

async function restricted(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'boundaries/no-crossing' || m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

describe('import boundaries', () => {
  const crossings: Array<[string, string, string]> = [
    ['shared/api/probe.ts', "import { createApp } from '../../lti-tool/server/app';", 'shared/ imports nothing'],
    ['shared/domain/engine/probe.ts', "import { x } from '../../../extension/src/common/browser';", 'shared/'],
    ['shared/domain/probe.ts', "import { readFileSync } from 'node:fs';", 'no Node modules'],
    ['lti-tool/web/src/app/probe.ts', "import { createApp } from '../../../server/app';", 'through shared/api'],
    ['lti-tool/web/src/probe.ts', "import { readFileSync } from 'node:fs';", 'no Node modules'],
    ['extension/src/popup/probe.ts', "import { x } from '../../../lti-tool/server/app';", 'through shared/api'],
    ['lti-tool/server/routes/probe.ts', "import { people } from '../db/schema';", 'Routes call services'],
    ['lti-tool/server/routes/teacher/probe.ts', "import { eq } from 'drizzle-orm';", 'Routes call services'],
    ['lti-tool/server/services/review/probe.ts', "import { AppError } from '../../http/errors';", 'DomainError'],
    ['lti-tool/server/services/probe.ts', "import type { Request } from 'express';", 'never a request'],
    ['lti-tool/server/lti/probe.ts', "import { recordAudit } from '../services/audit';", 'never the other way'],
    ['lti-tool/server/db/schema/probe.ts', "import { x } from '../../services/actor';", 'below everything'],
  ];

  it.each(crossings)('refuses %s importing across a boundary', async (filePath, line, expected) => {
    const messages = await restricted(filePath, `${line}\nexport const probe = 1;\n`);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.toLowerCase()).toContain(expected.toLowerCase());
  });

  it('lets each side import what the layering allows', async () => {
    const allowed: Array<[string, string]> = [
      ['lti-tool/web/src/app/probe.ts', "import { teacherApi } from '../../../../shared/api';"],
      ['extension/src/popup/probe.ts', "import { clipBody } from '../../../shared/api/extension';"],
      ['lti-tool/server/routes/probe.ts', "import type { Db } from '../db/client';"],
      ['lti-tool/server/routes/probe.ts', "import { recordAudit } from '../services/audit';"],
      ['lti-tool/server/services/probe.ts', "import { people } from '../db/schema';"],
      ['lti-tool/server/services/probe.ts', "import { fetchMembers } from '../lti/advantage/nrps';"],
      // Folders that share a name with another side are not that side: imports are resolved, not pattern-matched.
      ['lti-tool/web/src/app/teacher/probe.ts', "import { Library } from '../extension/Library';"],
      ['shared/api/endpoints/probe.ts', "import { clipInput } from '../extension';"],
    ];
    for (const [filePath, line] of allowed) {
      expect(await restricted(filePath, `${line}\nexport const probe = 1;\n`), filePath).toEqual([]);
    }
  });
});
