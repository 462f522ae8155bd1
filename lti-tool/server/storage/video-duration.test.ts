import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { mp4WithDuration, webmWithDuration, wmvWithDuration } from '../../../test/fixtures/video';
import { durationReadable, watchVideoDuration } from './video-duration';

/** The bytes in small chunks, as an upload arrives; counts what the consumer received. */
async function run(bytes: Buffer, extension: string, check: (s: number) => void = () => undefined) {
  const chunks = Array.from({ length: Math.ceil(bytes.length / 512) }, (_, i) =>
    bytes.subarray(i * 512, i * 512 + 512),
  );
  const watch = watchVideoDuration(Readable.from(chunks), extension, check);
  let received = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      received += chunk.length;
      done();
    },
  });
  const outcome = await pipeline(watch.body, sink).then(
    () => undefined,
    (err: unknown) => err,
  );
  return { seconds: watch.seconds(), received, outcome };
}

describe('watchVideoDuration', () => {
  it('reads the length of MP4 (header first or last), WMV and WebM while passing every byte on', async () => {
    const first = mp4WithDuration(754.5, { mdatBytes: 4000 });
    expect(await run(first, 'mp4')).toEqual({ seconds: 754.5, received: first.length, outcome: undefined });
    const last = mp4WithDuration(61, { moovLast: true, mdatBytes: 50_000 });
    expect(await run(last, 'mov')).toEqual({ seconds: 61, received: last.length, outcome: undefined });
    expect((await run(wmvWithDuration(125), 'wmv')).seconds).toBeCloseTo(125, 3);
    expect((await run(webmWithDuration(33.3), 'webm')).seconds).toBeCloseTo(33.3, 3);
  });

  it('fails the stream with what the check throws, before the rest is read when the header comes first', async () => {
    const video = mp4WithDuration(900, { mdatBytes: 200_000 });
    const refusal = new Error('too long');
    const result = await run(video, 'mp4', (s) => {
      if (s > 600) throw refusal;
    });
    expect(result.outcome).toBe(refusal);
    expect(result.received).toBeLessThan(video.length);
    const atTheEnd = await run(mp4WithDuration(900, { moovLast: true }), 'mp4', () => {
      throw refusal;
    });
    expect(atTheEnd.outcome).toBe(refusal);
  });

  it('leaves the length unknown, never failing the upload, for FLV and for bytes no parser understands', async () => {
    const flv = Buffer.concat([Buffer.from('FLV\x01\x05\x00\x00\x00\x09', 'latin1'), Buffer.alloc(100)]);
    expect(await run(flv, 'flv')).toEqual({ seconds: undefined, received: flv.length, outcome: undefined });
    const junk = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.alloc(3000, 7)]);
    expect(await run(junk, 'mp4')).toEqual({ seconds: undefined, received: junk.length, outcome: undefined });
    expect(await run(Buffer.alloc(2000, 9), 'wmv')).toMatchObject({ seconds: undefined, outcome: undefined });
    expect([durationReadable('mp4'), durationReadable('wmv'), durationReadable('flv')]).toEqual([true, true, false]);
  });
});
