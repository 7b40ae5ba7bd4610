/** Headers that differ between any two answers (a new id, the clock, the connection). */
export const PER_ANSWER_HEADERS = ['x-request-id', 'date', 'connection', 'keep-alive'] as const;

/**
 * An answer's headers less those that differ between any two answers (and `alsoVarying`), by name:
 * the fast path's answer and Express's to the same request then compare whole.
 */
export function comparableHeaders<V>(
  headers: Iterable<[string, V]> | Record<string, V>,
  alsoVarying: readonly string[] = [],
): Record<string, V> {
  const varying = new Set<string>([...PER_ANSWER_HEADERS, ...alsoVarying]);
  const entries = Symbol.iterator in headers ? [...headers] : Object.entries(headers);
  return Object.fromEntries(entries.filter(([name]) => !varying.has(name)).sort(([a], [b]) => a.localeCompare(b)));
}
