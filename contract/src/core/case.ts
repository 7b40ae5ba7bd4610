/**
 * snake_case on the wire, camelCase in clients: the conversion, at the type level and at run time.
 * Only object keys are converted, never values (enum values such as `twitch_emote` stay as written).
 */

export type SnakeToCamel<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Head}${Capitalize<SnakeToCamel<Tail>>}`
  : S;

export type CamelToSnake<S extends string> = S extends `${infer Head}${infer Tail}`
  ? Head extends Lowercase<Head>
    ? `${Head}${CamelToSnake<Tail>}`
    : `_${Lowercase<Head>}${CamelToSnake<Tail>}`
  : S;

type Primitive = string | number | boolean | bigint | symbol | null | undefined | Date;

/** Deeply renames snake_case keys to camelCase. */
export type Camelize<T> = T extends Primitive
  ? T
  : T extends readonly (infer Item)[]
    ? Camelize<Item>[]
    : T extends object
      ? { [K in keyof T as K extends string ? SnakeToCamel<K> : K]: Camelize<T[K]> }
      : T;

/** Deeply renames camelCase keys to snake_case. */
export type Snakify<T> = T extends Primitive
  ? T
  : T extends readonly (infer Item)[]
    ? Snakify<Item>[]
    : T extends object
      ? { [K in keyof T as K extends string ? CamelToSnake<K> : K]: Snakify<T[K]> }
      : T;

export function snakeToCamel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_match, char: string) => char.toUpperCase());
}

export function camelToSnake(key: string): string {
  return key.replace(/[A-Z]/g, (char) => `_${char.toLowerCase()}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') {
    return false;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function convertKeys(value: unknown, rename: (key: string) => string): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => convertKeys(item, rename));
  }
  if (isPlainObject(value)) {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      result[rename(key)] = convertKeys(item, rename);
    }
    return result;
  }
  return value;
}

export function camelizeKeys<T>(value: T): Camelize<T> {
  return convertKeys(value, snakeToCamel) as Camelize<T>;
}

export function snakifyKeys<T>(value: T): Snakify<T> {
  return convertKeys(value, camelToSnake) as Snakify<T>;
}
