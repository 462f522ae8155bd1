import type { ByteSource } from './byte-source';
import { SaxesParser } from 'saxes';
import { UnreadableFileError } from './unreadable';
import { entryText, type ZipEntry } from './zip-entries';

/**
 * A streaming XML parser for a package part. saxes expands only XML's own five entities and character references,
 * never a DTD's: a part with a DOCTYPE (which neither OOXML nor ODF writes) is refused outright, so no entity trick
 * (billion laughs, external entities) can reach the reader. Malformed XML throws.
 */
export function partParser(): SaxesParser {
  const parser = new SaxesParser();
  parser.on('doctype', () => {
    throw new UnreadableFileError('a DOCTYPE in a spreadsheet part');
  });
  return parser;
}

/** Characters of XML parsed between two yields. */
const WRITE_SLICE = 64 * 1024;

/**
 * Feeds one entry to `parser` a piece at a time, yielding after each piece (the caller cuts its rows there), and
 * closes it. XML errors become an unreadable file named by `what`.
 */
export function* feedPart(bytes: ByteSource, entry: ZipEntry, parser: SaxesParser, what: string): Generator<void> {
  try {
    for (const piece of entryText(bytes, entry)) {
      // A highly compressed step inflates to megabytes: fed in slices, so the rows a caller gathers between two
      // yields stay a few thousand whatever the compression.
      for (let at = 0; at < piece.length; at += WRITE_SLICE) {
        parser.write(at === 0 && piece.length <= WRITE_SLICE ? piece : piece.slice(at, at + WRITE_SLICE));
        yield;
      }
    }
    parser.close();
  } catch (err) {
    if (err instanceof UnreadableFileError) throw err;
    throw new UnreadableFileError(`${what}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
}

/** A whole (small) part through `parser`. */
export function readPart(bytes: ByteSource, entry: ZipEntry, parser: SaxesParser, what: string): void {
  for (const _ of feedPart(bytes, entry, parser, what));
}

/** An element's local name (`x:row` and `row` alike: some writers prefix the main namespace). */
export const localName = (name: string) => name.slice(name.indexOf(':') + 1);
