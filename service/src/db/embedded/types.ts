/** Shared types for the embedded MongoDB-compatible server. */
export type Document = Record<string, unknown>;

/** The subset of a pino logger the server uses; pino instances satisfy it. */
export interface EmbeddedLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

export const silentLogger: EmbeddedLogger = {
  info: () => {},
  warn: () => {},
  error: () => {},
  debug: () => {},
};

export function isPlainObject(v: unknown): v is Document {
  if (v === null || typeof v !== 'object') {
    return false;
  }
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Text for a value in messages: uses a custom toString when present, JSON otherwise. */
export function toText(v: unknown): string {
  if (v !== null && typeof v === 'object') {
    const fn = (v as { toString?: unknown }).toString;
    if (typeof fn === 'function' && fn !== Object.prototype.toString) {
      return String((fn as () => unknown).call(v));
    }
    try {
      return JSON.stringify(v);
    } catch {
      return '[object]';
    }
  }
  return String(v);
}
