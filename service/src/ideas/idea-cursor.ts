import type { IdeaOrder } from '@aurastream/contract';
import { ValidationError } from '../shared/errors';

/** Where a page of ideas ended, in its order: the last idea's votes (queue order), time and id. */
export interface IdeaPosition {
  order: IdeaOrder;
  votes: number;
  created_at: Date;
  id: string;
}

/** Opaque to clients: base64url JSON. */
export function encodeIdeaCursor(position: IdeaPosition): string {
  return Buffer.from(
    JSON.stringify({ o: position.order, v: position.votes, t: position.created_at.toISOString(), i: position.id }),
  ).toString('base64url');
}

const invalidCursor = () =>
  ValidationError.forField('cursor', 'This cursor is not one this list answered (with this order)', 'invalid_cursor');

export function decodeIdeaCursor(cursor: string, order: IdeaOrder): IdeaPosition {
  let parsed: { o?: unknown; v?: unknown; t?: unknown; i?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as typeof parsed;
  } catch {
    throw invalidCursor();
  }
  const createdAt = typeof parsed.t === 'string' ? new Date(parsed.t) : null;
  if (
    parsed.o !== order ||
    typeof parsed.v !== 'number' ||
    !Number.isInteger(parsed.v) ||
    !createdAt ||
    Number.isNaN(createdAt.getTime()) ||
    typeof parsed.i !== 'string' ||
    parsed.i.length > 64
  ) {
    throw invalidCursor();
  }
  return { order, votes: parsed.v, created_at: createdAt, id: parsed.i };
}

/** The filter selecting ideas after `position` in its order. */
export function afterIdeaPosition(position: IdeaPosition): Record<string, unknown> {
  if (position.order === 'newest') {
    return {
      $or: [
        { created_at: { $lt: position.created_at } },
        { created_at: position.created_at, _id: { $lt: position.id } },
      ],
    };
  }
  return {
    $or: [
      { votes: { $lt: position.votes } },
      { votes: position.votes, created_at: { $gt: position.created_at } },
      { votes: position.votes, created_at: position.created_at, _id: { $gt: position.id } },
    ],
  };
}

/** The sort of each order; `_id` breaks ties so a cursor never skips or repeats. */
export const IDEA_SORTS: Readonly<Record<IdeaOrder, Record<string, 1 | -1>>> = {
  queue: { votes: -1, created_at: 1, _id: 1 },
  newest: { created_at: -1, _id: -1 },
};
