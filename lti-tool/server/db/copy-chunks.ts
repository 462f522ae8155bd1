import { copyCell, type CopyValue } from './bulk-copy';

/** Bytes a chunk holds before it is handed to the connection (COPY data need not break at rows). */
const CHUNK_BYTES = 1 << 16;

/**
 * COPY text-format rows written straight into byte chunks, cell by cell: no string per line, no joined batch string
 * for the driver to flatten and encode again. Measured on a 100,000-row import (scripts/bench-import/profile.ts on
 * PostgreSQL), turning the joined batch strings into bytes alone took ~0.8 s of Node's time, and while Node does that
 * the server waits for rows. A row may be split across two chunks: the protocol allows it.
 */
export class CopyChunks {
  private buf = Buffer.allocUnsafe(CHUNK_BYTES);
  private at = 0;
  private readonly full: Array<Uint8Array<ArrayBuffer>> = [];

  /** Text that needs no escaping: ids, numbers, ISO times, or a cell already escaped by `copyCell`. */
  raw(text: string): this {
    if (this.at + text.length * 3 > this.buf.length) this.next(text.length * 3);
    this.at += this.buf.write(text, this.at);
    return this;
  }

  /** Any value, escaped (`copyCell`). */
  value(value: CopyValue): this {
    return this.raw(copyCell(value));
  }

  /** The separator before every cell but a row's first. */
  tab(): this {
    if (this.at === this.buf.length) this.next(1);
    this.buf[this.at++] = 9;
    return this;
  }

  /** The end of a row. */
  end(): this {
    if (this.at === this.buf.length) this.next(1);
    this.buf[this.at++] = 10;
    return this;
  }

  /** The chunks filled so far, to send now. */
  *take(): Generator<Uint8Array<ArrayBuffer>> {
    while (this.full.length) yield this.full.shift()!;
  }

  /** Every remaining byte, the last chunk included. */
  *finish(): Generator<Uint8Array<ArrayBuffer>> {
    if (this.at > 0) this.next(0);
    yield* this.take();
  }

  private next(room: number) {
    if (this.at > 0) this.full.push(this.buf.subarray(0, this.at));
    this.buf = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, room));
    this.at = 0;
  }
}
