import type { ExtensionProfile, ExtensionSlot } from '../../../shared/api/extension';
import type { ClipPayload, PageExtract } from './clip';
import type { CollectTarget } from './collect';
import type { ConnectionState } from '../background/auth';
import type { OutboxEntry } from '../background/outbox';

/** What the popup and options page may ask the background. Tokens never travel in either direction. */
export type Request =
  | { type: 'state' }
  | { type: 'pair'; origin: string; code: string; deviceName: string }
  | { type: 'signOut' }
  | { type: 'profile'; refresh?: boolean }
  | { type: 'extract'; tabId: number }
  | { type: 'screenshot'; tabId: number }
  | { type: 'lookup'; url: string }
  | { type: 'enqueue'; payload: ClipPayload }
  | { type: 'retry'; id: string }
  | { type: 'retryAll' }
  | { type: 'flush' }
  /** The teacher drags a region on the page (the popup closes meanwhile); the clip is queued with that shot. */
  | { type: 'enqueueWithRegion'; tabId: number; payload: ClipPayload }
  | { type: 'remove'; id: string }
  | { type: 'collectTarget' }
  | { type: 'setCollectTarget'; target: CollectTarget | null }
  | { type: 'collect' };

export interface StateResponse {
  connection: ConnectionState;
  outbox: OutboxEntry[];
  /** False when the browser no longer lets us reach the tool's origin (Firefox lets users revoke it any time). */
  hostPermission: boolean;
}

export type Slot = ExtensionSlot;
export type Profile = ExtensionProfile;

export type ExtractResponse = { ok: true; page: PageExtract } | { ok: false; reason: 'unscriptable' | 'no_tab' };

/** Replies are `{ ok: true, data }` or `{ ok: false, error }` with an error code the UI can explain. */
export type Reply<T> = { ok: true; data: T } | { ok: false; error: string; message?: string };
