import { once } from 'node:events';
import { PassThrough, Transform, type Readable } from 'node:stream';
import { createFile, Log, MP4BoxBuffer, type ISOFile, type Movie } from 'mp4box';
import { parseStream } from 'music-metadata';

/**
 * A video's length read from its container while the upload streams past, so a video over a slot's limit is refused
 * before anything is stored (and, when the header comes first, before the rest is even read). Two well-kept pure
 * JavaScript parsers without install scripts: mp4box (GPAC's) for MP4/MOV, whose movie header gives the length of
 * any movie, silent or not; music-metadata for WMV (ASF) and WebM/Matroska. FLV has no parser here: its length stays
 * unknown (null), as does the length of a file neither parser understands. A parser's failure never fails an upload.
 */
export interface DurationWatch {
  /** The same bytes, for the store. Fails with what `check` throws as soon as the length is known. */
  body: Readable;
  /** Seconds, once the body has ended; undefined when the container does not say. */
  seconds(): number | undefined;
}

interface Parser {
  /** Takes the next chunk; resolves when the parser is ready for more (backpressure). */
  push(chunk: Buffer): Promise<void>;
  /** The length, as soon as it is known. */
  known(): number | undefined;
  /** All bytes given: the length, if the container has one. */
  end(): Promise<number | undefined>;
}

const MP4_FAMILY = new Set(['mp4', 'mov', 'm4v']);
const MUSIC_METADATA: Record<string, string> = {
  wmv: 'video/x-ms-asf',
  asf: 'video/x-ms-asf',
  webm: 'video/webm',
  mkv: 'video/x-matroska',
};

/** Whether the length of a file with this extension can be read at all (the web app says so before upload). */
export const durationReadable = (extension: string) => MP4_FAMILY.has(extension) || extension in MUSIC_METADATA;

export function watchVideoDuration(body: Readable, extension: string, check: (seconds: number) => void): DurationWatch {
  const parser = MP4_FAMILY.has(extension)
    ? mp4Parser()
    : MUSIC_METADATA[extension]
      ? musicMetadataParser(MUSIC_METADATA[extension])
      : undefined;
  let seconds: number | undefined;
  let checked = false;
  const checkOnce = (value: number | undefined) => {
    if (value === undefined || checked) return;
    checked = true;
    seconds = value;
    check(value);
  };
  const watch = new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (!parser || checked) return done(null, chunk);
      parser.push(chunk).then(
        () => {
          try {
            checkOnce(parser.known());
            done(null, chunk);
          } catch (err) {
            done(err as Error);
          }
        },
        () => done(null, chunk),
      );
    },
    flush(done) {
      if (!parser || checked) return done();
      parser.end().then(
        (value) => {
          try {
            checkOnce(value);
            done();
          } catch (err) {
            done(err as Error);
          }
        },
        () => done(),
      );
    },
  });
  body.on('error', (err) => watch.destroy(err));
  // The bytes flow (and may be refused) before the store's pipeline attaches to `watch`; that pipeline still sees
  // the error (the stream stays errored), so this listener only keeps it from being reported as uncaught.
  watch.on('error', () => undefined);
  body.pipe(watch);
  return { body: watch, seconds: () => seconds };
}

const usable = (seconds: number) => (Number.isFinite(seconds) && seconds > 0 ? seconds : undefined);

/** mp4box reads boxes as they arrive and skips the media data (discardMdatData), so memory stays small. */
function mp4Parser(): Parser {
  Log.setLogLevel(Log.error);
  const file: ISOFile = createFile();
  let movie: Movie | undefined;
  let failed = false;
  let offset = 0;
  file.onReady = (info) => {
    movie = info;
  };
  file.onError = () => {
    failed = true;
  };
  const lengthOf = (info: Movie | undefined) => {
    if (!info || info.timescale <= 0) return undefined;
    // A fragmented movie may say 0 in its header and carry its length in the fragment header (mehd).
    const fragment = info.fragment_duration;
    if (info.duration > 0) return usable(info.duration / info.timescale);
    if (fragment && fragment.den > 0) return usable(fragment.num / fragment.den);
    return undefined;
  };
  return {
    push(chunk) {
      if (failed || movie) return Promise.resolve();
      try {
        const copy = chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + chunk.byteLength);
        file.appendBuffer(MP4BoxBuffer.fromArrayBuffer(copy, offset));
      } catch {
        failed = true; // a malformed box: the length stays unknown
      }
      offset += chunk.byteLength;
      return Promise.resolve();
    },
    known: () => lengthOf(movie),
    end() {
      if (!movie && !failed) {
        try {
          file.flush();
        } catch {
          failed = true;
        }
      }
      return Promise.resolve(lengthOf(movie));
    },
  };
}

/**
 * music-metadata reads from a stream of its own, fed chunk by chunk; it stops reading once it has the header, and
 * from then on is given nothing more.
 */
function musicMetadataParser(mimeType: string): Parser {
  const feed = new PassThrough();
  let done = false;
  let seconds: number | undefined;
  const result = parseStream(feed, { mimeType }, { duration: false, skipCovers: true }).then(
    (metadata) => {
      seconds = metadata.format.duration === undefined ? undefined : usable(metadata.format.duration);
    },
    () => undefined,
  );
  const finished = result.finally(() => {
    done = true;
    feed.destroy();
  });
  return {
    async push(chunk) {
      if (done) return;
      if (!feed.write(chunk)) await Promise.race([once(feed, 'drain').catch(() => undefined), finished]);
    },
    known: () => seconds,
    async end() {
      if (!done) feed.end();
      await finished;
      return seconds;
    },
  };
}
