import type { ExportRequest } from './jobs';
import type { Db } from '../../db/client';
import type { organisations } from '../../db/schema';
import type { BlobStore, StoredObject } from '../../storage';

/** What a producer needs: the job's request and scope, the database, storage and a progress callback. */
export interface ProduceInput<K extends ExportRequest['kind']> {
  db: Db;
  storage: BlobStore;
  publicUrl: string;
  tenantId: string;
  programmeInstanceId: string;
  /** The person who asked (null for a schedule). */
  requestedBy: string | null;
  organisation: typeof organisations.$inferSelect;
  params: Extract<ExportRequest, { kind: K }>;
  progress: (done: number, total: number) => Promise<void>;
  /** The job's clock: a period that has ended by then is reported as of its end. */
  now: Date;
}

/** A produced file, stored. */
export interface Produced {
  object: StoredObject;
  fileName: string;
  contentType: string;
  /** The moment the data stands at, when not the moment the job ran (a past period's end). */
  dataAsOf?: Date;
}

/** No file is bigger than this (a county's progress report of 20,000 teachers is a few MB). */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;
