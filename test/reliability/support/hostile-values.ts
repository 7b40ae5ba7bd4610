/**
 * What a hostile client sends, as fast-check arbitraries: values of the wrong JSON type for a
 * field, MongoDB operators, prototype-pollution keys, huge and deeply nested values, and the raw
 * text of path segments and query strings (traversal, NUL, operators in brackets).
 */
import fc from 'fast-check';

/** MongoDB query and update operators a client might slip in where a value is expected. */
export const mongoOperators = ['$gt', '$ne', '$where', '$regex', '$expr', '$set', '$in', '$exists'] as const;

const operatorObject = fc
  .tuple(
    fc.constantFrom(...mongoOperators),
    fc.oneof(fc.constant(''), fc.constant(null), fc.constant(1), fc.constant('.*')),
  )
  .map(([operator, value]) => ({ [operator]: value }));

/** Nested `depth` levels deep: arrays or objects. */
export function deeplyNested(depth: number, kind: 'array' | 'object'): unknown {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level++) {
    value = kind === 'array' ? [value] : { a: value };
  }
  return value;
}

/** Pollution attempts: the keys an unsafe merge would follow into Object.prototype. */
export const pollutingKeys = {
  __proto__: { polluted: 'yes' },
  constructor: { prototype: { polluted: 'yes' } },
  prototype: { polluted: 'yes' },
};

/** The JSON text of `value` with pollution keys as own keys (JSON.stringify would drop `__proto__`). */
export function withPollutingKeys(value: Record<string, unknown>): string {
  const text = JSON.stringify(value);
  const keys =
    '"__proto__":{"polluted":"yes","role":"admin"},"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"polluted":"yes"}';
  return text === '{}' ? `{${keys}}` : `{${keys},${text.slice(1)}`;
}

function kindOf(value: unknown): 'string' | 'number' | 'boolean' | 'array' | 'object' | 'null' {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'array';
  }
  return typeof value as 'string' | 'number' | 'boolean' | 'object';
}

/**
 * A value a field whose valid value is `valid` must refuse: never of `valid`'s JSON type (so no
 * schema may take it), often an operator, a huge or deeply nested value.
 */
export function wrongTypeFor(valid: unknown): fc.Arbitrary<unknown> {
  const kind = kindOf(valid);
  const candidates: Array<fc.Arbitrary<unknown>> = [operatorObject, fc.constant(deeplyNested(200, 'object'))];
  if (kind === 'string') {
    // every text field has a length limit far below this (100,000 four-byte emoji, 400 KB)
    candidates.push(fc.constantFrom('a'.repeat(200_000), '\u{1F98A}'.repeat(100_000)));
  } else {
    candidates.push(fc.string({ maxLength: 20 }), fc.constant('a'.repeat(200_000)));
  }
  if (kind !== 'number') {
    candidates.push(fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })));
  }
  if (kind !== 'boolean') {
    candidates.push(fc.boolean());
  }
  if (kind !== 'array') {
    candidates.push(
      fc.array(fc.string({ maxLength: 8 }), { maxLength: 4 }),
      fc.constant(Array.from({ length: 20_000 }, () => 'x')),
      fc.constant(deeplyNested(500, 'array')),
    );
  }
  if (kind !== 'object') {
    candidates.push(fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 3 }));
  }
  return fc.oneof(...candidates);
}

/** Every path into a JSON value's object keys (`['colors', 'primary']`), for replacing one field. */
export function fieldPaths(value: unknown, prefix: string[] = []): string[][] {
  if (kindOf(value) !== 'object') {
    return [];
  }
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => [
    [...prefix, key],
    ...fieldPaths(child, [...prefix, key]),
  ]);
}

export function valueAt(value: unknown, at: string[]): unknown {
  return at.reduce<unknown>((current, key) => (current as Record<string, unknown>)[key], value);
}

/** A copy of `value` with the field at `at` replaced. */
export function replacedAt(value: unknown, at: string[], replacement: unknown): unknown {
  const [key, ...rest] = at;
  if (key === undefined) {
    return replacement;
  }
  const object = value as Record<string, unknown>;
  return { ...object, [key]: replacedAt(object[key], rest, replacement) };
}

/**
 * Raw path segments no resource has: traversal (plain, encoded, double-encoded, backslashes),
 * NUL, operators, a huge id, RTL overrides and emoji, sent exactly as written.
 */
export const hostilePathSegment = fc.oneof(
  fc.constantFrom(
    '..',
    '../../../../etc/passwd',
    '..%2F..%2F..%2Fetc%2Fpasswd',
    '%2e%2e%2f%2e%2e%2fsecrets.json',
    '%252e%252e%252f',
    '..%5C..%5Cwindows',
    '%00',
    'abc%00.png',
    '%7B%22%24ne%22%3Anull%7D',
    '%24where',
    '__proto__',
    'constructor',
    '%E2%80%AEgnp.exe',
    '%F0%9F%A6%8A',
    '%ED%A0%80',
    '%FF%FE',
    '%',
    '00000000-0000-0000-0000-000000000000%00',
  ),
  fc.constant('a'.repeat(10_000)),
  fc.string({ minLength: 1, maxLength: 40 }).map((text) => encodeURIComponent(text)),
);

/**
 * Raw query-string pairs for a known key that no query schema takes: the key repeated (an array),
 * alone or beside operators in brackets, pollution and deep nesting. Express 5's query parser
 * (node:querystring) keeps `key[$ne]` as a key of its own, never an object, so the bracket forms
 * are unknown keys a schema drops; the repeated key is what must be refused.
 */
export function hostileQueryFor(key: string): fc.Arbitrary<string> {
  const repeated = `${key}=a&${key}=b`;
  return fc.oneof(
    fc.constant(repeated),
    fc.constantFrom(...mongoOperators).map((operator) => `${repeated}&${key}[${encodeURIComponent(operator)}]=x`),
    fc.constant(`${repeated}&${key}[]=a&${key}[]=b`),
    fc.constant(`${repeated}&${key}[__proto__][polluted]=yes&__proto__[polluted]=yes`),
    fc.constant(`${repeated}&${key}[a][b][c][d][e][f]=1`),
  );
}
