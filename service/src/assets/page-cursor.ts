import { ValidationError } from '../shared/errors';

/** Where a newest-first page ended: the last row's creation time and id. */
export interface PagePosition {
  created_at: Date;
  id: string;
}

/** Opaque to clients: base64url JSON of the last row's `created_at` and id. */
export function encodePageCursor(position: PagePosition): string {
  return Buffer.from(JSON.stringify({ t: position.created_at.toISOString(), i: position.id })).toString('base64url');
}

export function decodePageCursor(cursor: string): PagePosition {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { t?: unknown; i?: unknown };
    const createdAt = typeof parsed.t === 'string' ? new Date(parsed.t) : null;
    if (!createdAt || Number.isNaN(createdAt.getTime()) || typeof parsed.i !== 'string' || parsed.i.length > 64) {
      throw new Error('malformed');
    }
    return { created_at: createdAt, id: parsed.i };
  } catch {
    throw ValidationError.forField('cursor', 'This cursor is not one this list answered', 'invalid_cursor');
  }
}

/** The filter selecting rows after `position` in (created_at desc, _id desc) order. */
export function afterPosition(position: PagePosition): Record<string, unknown> {
  return {
    $or: [{ created_at: { $lt: position.created_at } }, { created_at: position.created_at, _id: { $lt: position.id } }],
  };
}

/** Splits a `limit + 1` read into the page and the cursor of the next one. */
export function toPage<T extends { id: string; created_at: Date }>(
  rows: T[],
  limit: number,
): { items: T[]; next_cursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, next_cursor: rows.length > limit && last ? encodePageCursor(last) : null };
}
