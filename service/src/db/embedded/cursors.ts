/**
 * Server-side cursors for find/aggregate/listCollections/listIndexes results that
 * don't fit in the first batch. Results are materialised up front (documents are
 * immutable, so this is a consistent snapshot); idle cursors are reaped.
 */
import { Long, calculateObjectSize } from 'bson';
import { randomInt } from 'node:crypto';
import { ErrorCodes, MongoCommandError } from './errors';
import type { Document } from './types';

interface OpenCursor {
  id: bigint;
  ns: string;
  docs: Document[];
  pos: number;
  lastUsed: number;
  /** Session that opened the cursor; killSessions/endSessions close it. */
  lsid: string | undefined;
}

const MAX_BATCH_BYTES = 16 * 1024 * 1024;
const DEFAULT_FIRST_BATCH = 101;

export class CursorManager {
  private readonly cursors = new Map<bigint, OpenCursor>();
  private timeoutMs: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(timeoutMs: number) {
    this.timeoutMs = timeoutMs;
    const every = Math.max(50, Math.min(60_000, Math.floor(timeoutMs / 2)));
    this.timer = setInterval(() => this.reap(), every);
    this.timer.unref();
  }

  /** setParameter cursorTimeoutMillis. */
  setTimeout(ms: number): void {
    this.timeoutMs = ms;
  }

  get size(): number {
    return this.cursors.size;
  }

  /**
   * Build the `cursor` reply for a fresh result set, registering a cursor when
   * more documents remain. The session's key is read only then.
   */
  open(
    ns: string,
    docs: Document[],
    batchSize: number | undefined,
    singleBatch: boolean,
    session?: { readonly lsid: string | undefined },
  ): Document {
    // batchSize 0 on the initial command means "open the cursor, return nothing yet".
    const first = batchSize === 0 ? [] : takeBatch(docs, 0, batchSize ?? DEFAULT_FIRST_BATCH);
    const remaining = first.length < docs.length;
    let id = 0n;
    if (remaining && !singleBatch) {
      id = this.newId();
      this.cursors.set(id, { id, ns, docs, pos: first.length, lastUsed: Date.now(), lsid: session?.lsid });
    }
    return { firstBatch: first, id: id === 0n ? Long.ZERO : Long.fromBigInt(id), ns };
  }

  getMore(idValue: unknown, ns: string, batchSize: number | undefined): Document {
    const id = toBigInt(idValue);
    const cursor = this.cursors.get(id);
    if (!cursor) {
      throw new MongoCommandError(ErrorCodes.CursorNotFound, `cursor id ${id} not found`);
    }
    if (cursor.ns !== ns) {
      throw new MongoCommandError(
        13,
        `Requested getMore on namespace '${ns}', but cursor belongs to a different namespace ${cursor.ns}`,
        { codeName: 'Unauthorized' },
      );
    }
    const batch = takeBatch(cursor.docs, cursor.pos, batchSize ?? 0);
    cursor.pos += batch.length;
    cursor.lastUsed = Date.now();
    let outId = id;
    if (cursor.pos >= cursor.docs.length) {
      this.cursors.delete(id);
      outId = 0n;
    }
    return { nextBatch: batch, id: Long.fromBigInt(outId), ns };
  }

  kill(ids: unknown[]): { killed: Long[]; notFound: Long[] } {
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const raw of ids) {
      const id = toBigInt(raw);
      if (this.cursors.delete(id)) {
        killed.push(Long.fromBigInt(id));
      } else {
        notFound.push(Long.fromBigInt(id));
      }
    }
    return { killed, notFound };
  }

  killSession(lsid: string): void {
    for (const [id, c] of this.cursors) {
      if (c.lsid === lsid) {
        this.cursors.delete(id);
      }
    }
  }

  reap(now = Date.now()): number {
    let n = 0;
    for (const [id, c] of this.cursors) {
      if (now - c.lastUsed > this.timeoutMs) {
        this.cursors.delete(id);
        n++;
      }
    }
    return n;
  }

  close(): void {
    if (this.timer) {
      clearInterval(this.timer);
    }
    this.timer = undefined;
    this.cursors.clear();
  }

  private newId(): bigint {
    // Positive 62-bit ids; collisions are astronomically unlikely but checked.
    for (;;) {
      const id = (BigInt(randomInt(1, 2 ** 47)) << 15n) | BigInt(randomInt(0, 2 ** 15));
      if (!this.cursors.has(id)) {
        return id;
      }
    }
  }
}

function toBigInt(v: unknown): bigint {
  if (v instanceof Long) {
    return v.toBigInt();
  }
  if (typeof v === 'number' && Number.isInteger(v)) {
    return BigInt(v);
  }
  if (typeof v === 'bigint') {
    return v;
  }
  throw new MongoCommandError(ErrorCodes.TypeMismatch, 'cursor id must be a long');
}

/** Up to `size` docs (0 = no count limit), capped at ~16 MiB like mongod's batches. */
function takeBatch(docs: Document[], from: number, size: number): Document[] {
  const end = size > 0 ? Math.min(docs.length, from + size) : docs.length;
  if (end - from <= 1) {
    return docs.slice(from, end); // one document goes whatever its size: nothing to measure
  }
  let bytes = 0;
  let i = from;
  // Always return at least one document so a cursor makes progress.
  for (; i < end; i++) {
    const doc = docs[i] as Document;
    bytes += calculateObjectSize(doc) + 16;
    if (bytes > MAX_BATCH_BYTES && i > from) {
      break;
    }
  }
  return docs.slice(from, i);
}
