import { index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { timestamptz } from './columns';

/**
 * Fixed-window request counts shared by every process of a deployment (one row per bucket, such as
 * `lti:addr:10.1.2.3`): a limit must hold across workers and machines, which process memory cannot do.
 */
export const rateLimitWindows = pgTable(
  'rate_limit_windows',
  {
    bucket: text('bucket').primaryKey(),
    windowStart: timestamptz('window_start').notNull(),
    hits: integer('hits').notNull(),
  },
  (t) => [index('rate_limit_windows_window_start_idx').on(t.windowStart)],
);
