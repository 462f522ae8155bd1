import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/** One SQL migration as drizzle-kit wrote it, ready to apply. */
export interface MigrationFile {
  /** The journal tag, e.g. `0001_append_only_guards`; the file is `${name}.sql`. */
  name: string;
  /** sha256 of the file with line endings normalised, so a CRLF checkout does not look like tampering. */
  hash: string;
  statements: string[];
}

const journalSchema = z.object({
  dialect: z.literal('postgresql'),
  entries: z.array(z.object({ idx: z.number().int(), tag: z.string().min(1), breakpoints: z.boolean() })),
});

const STATEMENT_BREAKPOINT = '--> statement-breakpoint';

/** Reads the migrations listed in drizzle-kit's journal, in journal order. */
export async function readMigrationFiles(folder: string): Promise<MigrationFile[]> {
  const journal = journalSchema.parse(JSON.parse(await readFile(join(folder, 'meta', '_journal.json'), 'utf8')));
  const entries = [...journal.entries].sort((a, b) => a.idx - b.idx);
  return Promise.all(
    entries.map(async (entry) => {
      if (!entry.breakpoints) {
        // Without breakpoints a file is one multi-statement string, which PGlite's extended protocol refuses.
        throw new Error(`migration ${entry.tag}: generate migrations with breakpoints (drizzle.config.ts)`);
      }
      const text = (await readFile(join(folder, `${entry.tag}.sql`), 'utf8')).replace(/\r\n/g, '\n');
      return { name: entry.tag, hash: sha256(text), statements: splitStatements(text) };
    }),
  );
}

function splitStatements(text: string): string[] {
  return text
    .split(STATEMENT_BREAKPOINT)
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0 && !isOnlyComments(statement));
}

function isOnlyComments(statement: string): boolean {
  return statement.split('\n').every((line) => line.trim() === '' || line.trim().startsWith('--'));
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
