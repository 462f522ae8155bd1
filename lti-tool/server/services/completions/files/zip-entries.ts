import { Inflate } from 'fflate';
import type { ByteSource } from './byte-source';
import { UnreadableFileError } from './unreadable';

// An XLSX/ODS package read entry by entry, as text, a piece at a time: the central directory says where each entry
// is, so the parts a sheet needs first (shared strings, styles) are read first whatever their order in the archive,
// and no entry is ever inflated whole. The archive is read by range (an upload's buffer, or a file on disk); what
// is inflated is bounded by the declared sizes, checked as it comes.

/** Limits that keep a hostile archive from blowing up memory (zip bombs). */
export const MAX_UNZIPPED_BYTES = 200 * 1024 * 1024;

/** Compressed bytes inflated at a time: deflate expands at most ~1032×, so one step yields at most ~33 MB. */
const INFLATE_STEP = 32 * 1024;

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  headerOffset: number;
}

const damaged = () => new UnreadableFileError('damaged zip archive');

/**
 * The archive's entries by name, from its central directory. Refuses archives whose entries add up past
 * MAX_UNZIPPED_BYTES before anything is inflated, ZIP64 and encrypted entries (no spreadsheet needs them).
 */
export function zipEntries(source: ByteSource): Map<string, ZipEntry> {
  const tailStart = Math.max(0, source.size - 22 - 0xffff);
  const tail = source.read(tailStart, source.size - tailStart);
  const tailView = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  let eocd = -1;
  for (let at = tail.length - 22; at >= 0; at--) {
    if (tailView.getUint32(at, true) === 0x06054b50) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw damaged();
  const count = tailView.getUint16(eocd + 10, true);
  const cdSize = tailView.getUint32(eocd + 12, true);
  const cdOffset = tailView.getUint32(eocd + 16, true);
  if (count === 0xffff || cdOffset === 0xffffffff || cdOffset + cdSize > source.size) throw damaged();
  const bytes = source.read(cdOffset, cdSize);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const entries = new Map<string, ZipEntry>();
  const names = new TextDecoder();
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) throw damaged();
    const nameLength = view.getUint16(at + 28, true);
    const entry: ZipEntry = {
      name: names.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      headerOffset: view.getUint32(at + 42, true),
    };
    if (view.getUint16(at + 8, true) & 1) throw damaged(); // encrypted
    total += entry.size;
    if (total > MAX_UNZIPPED_BYTES) throw new UnreadableFileError('archive expands beyond the size limit');
    entries.set(entry.name, entry);
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return entries;
}

/**
 * An entry's text (UTF-8), a piece at a time. Never yields more than the entry declared (a lying header is a
 * damaged archive), so the declared total bounds what a hostile archive can make the reader inflate.
 */
export function* entryText(source: ByteSource, entry: ZipEntry): Generator<string> {
  const head = source.read(entry.headerOffset, 30);
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  if (head.length < 30 || view.getUint32(0, true) !== 0x04034b50) throw damaged();
  const start = entry.headerOffset + 30 + view.getUint16(26, true) + view.getUint16(28, true);
  const end = start + entry.compressedSize;
  if (end > source.size) throw damaged();
  const step = (at: number) => source.read(at, Math.min(end, at + INFLATE_STEP) - at);
  const decoder = new TextDecoder('utf-8');
  let produced = 0;
  const text = (chunk: Uint8Array) => {
    produced += chunk.length;
    if (produced > entry.size) throw damaged();
    return decoder.decode(chunk, { stream: true });
  };
  if (entry.method === 0) {
    for (let at = start; at < end; at += INFLATE_STEP) yield text(step(at));
  } else if (entry.method === 8) {
    const out: Uint8Array[] = [];
    const inflater = new Inflate((chunk) => out.push(chunk));
    for (let at = start; at < end || at === start; at += INFLATE_STEP) {
      const stop = Math.min(end, at + INFLATE_STEP);
      try {
        inflater.push(step(at), stop >= end);
      } catch {
        throw damaged();
      }
      const pieces = out.splice(0);
      for (const piece of pieces) {
        const decoded = text(piece);
        if (decoded) yield decoded;
      }
    }
  } else throw damaged();
  if (produced !== entry.size) throw damaged();
  const rest = decoder.decode();
  if (rest) yield rest;
}
