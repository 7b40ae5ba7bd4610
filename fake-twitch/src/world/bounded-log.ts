/**
 * What a log keeps: tests read a few hundred entries, and a fake running for days inside `npm start`
 * must not grow without end.
 */
export const LOG_LIMIT = 10_000;

/** Appends, dropping the oldest entries beyond `LOG_LIMIT`. */
export function appendBounded<T>(log: T[], entry: T): void {
  log.push(entry);
  if (log.length > LOG_LIMIT) {
    log.splice(0, log.length - LOG_LIMIT);
  }
}
