import { HelixError, type FakeRequest, type FakeResponse } from '../http/http';

function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

function decodeCursor(cursor: string | null): number {
  if (!cursor) {
    return 0;
  }
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown };
    return typeof parsed.o === 'number' ? parsed.o : 0;
  } catch {
    throw new HelixError(400, 'The cursor in the after query parameter is not valid');
  }
}

/** `first` within Twitch's bounds for the endpoint. */
export function pageSize(req: FakeRequest, fallback: number, max: number): number {
  const first = Number(req.query.get('first') ?? fallback);
  if (!Number.isInteger(first) || first < 1 || first > max) {
    throw new HelixError(400, `The parameter "first" was malformed: the value must be from 1 to ${max}`);
  }
  return first;
}

/** Helix's `{data, pagination}` envelope over `first`/`after`. */
export function page<T>(
  items: T[],
  req: FakeRequest,
  size: { fallback: number; max: number } = { fallback: 20, max: 100 },
  extra: Record<string, unknown> = {},
): FakeResponse {
  const first = pageSize(req, size.fallback, size.max);
  const offset = decodeCursor(req.query.get('after'));
  const slice = items.slice(offset, offset + first);
  const next = offset + first < items.length ? { cursor: encodeCursor(offset + first) } : {};
  return { status: 200, json: { data: slice, ...extra, pagination: next } };
}
