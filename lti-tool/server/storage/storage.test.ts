import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalBlobStore } from './local';
import { inlineAllowed, sniffUpload } from './sniff';
import { FileTooLargeError, type BlobStore } from './types';

let root: string;
let store: BlobStore;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'blobs-'));
  store = createLocalBlobStore(root);
});
afterAll(() => rm(root, { recursive: true, force: true }));

const text = async (body: Readable) => Buffer.concat(await body.toArray()).toString();

describe('local blob store', () => {
  it('stores by sha256, once for the same bytes, and reads back', async () => {
    const bytes = Buffer.from('%PDF-1.7 教学设计');
    const a = await store.put(Readable.from([bytes.subarray(0, 5), bytes.subarray(5)]), { maxBytes: 1000 });
    const b = await store.put(Readable.from([bytes]), { maxBytes: 1000 });
    expect(a.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(b.key).toBe(a.key);
    expect(a.sizeBytes).toBe(bytes.length);
    expect(a.head.subarray(0, 5).toString()).toBe('%PDF-');
    const got = await store.get(a.key);
    expect(await text(got?.body as Readable)).toBe(bytes.toString());
  });

  it('refuses more than the cap and leaves no partial file behind', async () => {
    const chunks = [Buffer.alloc(600, 1), Buffer.alloc(600, 2)];
    await expect(store.put(Readable.from(chunks), { maxBytes: 1000 })).rejects.toBeInstanceOf(FileTooLargeError);
    expect(await readdir(join(root, 'tmp'))).toEqual([]);
  });

  it('never turns a key into a path outside the store', async () => {
    expect(await store.get('../../etc/passwd')).toBeUndefined();
    expect(await store.exists('sha256/' + 'a'.repeat(64))).toBe(false);
  });
});

describe('upload sniffing', () => {
  it('accepts content matching its extension and refuses mismatches, executables and unknown types', () => {
    expect(sniffUpload('设计.pdf', Buffer.from('%PDF-1.4'))).toMatchObject({ ok: true, mime: 'application/pdf' });
    expect(sniffUpload('clip.MP4', Buffer.from('\0\0\0\x18ftypisom', 'latin1'))).toMatchObject({ ok: true });
    expect(sniffUpload('设计.docx', Buffer.from('%PDF-1.4'))).toMatchObject({ ok: false, reason: 'content-mismatch' });
    expect(sniffUpload('setup.pdf', Buffer.from('MZ\x90\0'))).toMatchObject({ ok: false, reason: 'executable' });
    expect(sniffUpload('run.sh', Buffer.from('#!/bin/sh'))).toMatchObject({ ok: false, reason: 'executable' });
    expect(sniffUpload('page.html', Buffer.from('<html>'))).toMatchObject({
      ok: false,
      reason: 'extension-not-allowed',
    });
    expect(sniffUpload('notes.txt', Buffer.from('<script>alert(1)</script>'))).toMatchObject({ ok: false });
  });

  it('serves only images, video and PDF inline, never HTML', () => {
    expect(inlineAllowed('application/pdf')).toBe(true);
    expect(inlineAllowed('video/mp4')).toBe(true);
    expect(inlineAllowed('text/html')).toBe(false);
    expect(inlineAllowed('application/msword')).toBe(false);
  });
});
