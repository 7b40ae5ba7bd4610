import { Error as MongooseErrors, MongooseError, type Model, type Schema, type SchemaType } from 'mongoose';

/** The positions of an unordered insert's documents refused as duplicates, or null for any other failure. */
export function duplicateKeyIndexes(error: unknown): Set<number> | null {
  const writeErrors = (error as { writeErrors?: Array<{ index?: number; code?: number; err?: { code?: number } }> })
    .writeErrors;
  if (!Array.isArray(writeErrors) || writeErrors.length === 0) {
    return null;
  }
  const indexes = new Set<number>();
  for (const item of writeErrors) {
    if ((item.code ?? item.err?.code) !== 11000 || typeof item.index !== 'number') {
      return null;
    }
    indexes.add(item.index);
  }
  return indexes;
}

/**
 * Refuses a row with a field the schema does not have, as a document of a `strict: 'throw'` schema
 * would (a plain object is not checked for that by mongoose's casting and validation).
 */
function refuseUnknownPaths(pathType: (path: string) => string, row: Record<string, unknown>, prefix = ''): void {
  for (const key in row) {
    const path = prefix === '' ? key : `${prefix}${key}`;
    const type = pathType(path);
    if (type === 'adhocOrUndefined') {
      throw new MongooseError(`Field \`${path}\` is not in schema and strict mode is set to throw.`);
    }
    const value = row[key];
    if (type === 'nested' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      refuseUnknownPaths(pathType, value as Record<string, unknown>, `${path}.`);
    }
  }
}

/**
 * The parts of a mongoose SchemaType a row check uses: `getDefault` and `doValidateSync` are what
 * mongoose's own `applyDefaults` and `validateSync` call (not in its typings); the insert-many tests
 * fail if a mongoose upgrade changes them.
 */
interface PathRules {
  cast(value: unknown): unknown;
  getDefault(scope: unknown, init: boolean, options: { skipCast: boolean }): unknown;
  doValidateSync(value: unknown, scope: unknown, options: { path: string }): Error | null;
}

/** One path of a schema, as a row is checked against it. */
interface PathCheck {
  path: string;
  pieces: string[];
  type: PathRules;
  /** For an array of plain values: the type of its elements (cast and validated one by one). */
  element: PathRules | null;
}

/**
 * A schema's rules compiled once for plain rows: its paths, their casts, defaults and (synchronous)
 * validators, and which field names it knows. Null for a schema these do not cover (subdocuments,
 * document arrays, asynchronous validators): its rows go through mongoose's `Model.validate`.
 */
interface RowChecker {
  paths: PathCheck[];
  /** The schema's `pathType`, remembered per path. */
  pathType: (path: string) => string;
}

const checkers = new WeakMap<Schema, RowChecker | null>();

function isAsyncValidator(validator: unknown): boolean {
  return typeof validator === 'function' && validator.constructor.name === 'AsyncFunction';
}

function hasAsyncValidators(type: SchemaType | null | undefined): boolean {
  const validators = (type as unknown as { validators?: Array<{ validator?: unknown; isAsync?: boolean }> })
    ?.validators;
  return (validators ?? []).some((each) => each.isAsync === true || isAsyncValidator(each.validator));
}

function compile(schema: Schema): RowChecker | null {
  const paths: PathCheck[] = [];
  for (const [path, type] of Object.entries(schema.paths)) {
    const flags = type as unknown as {
      $isSingleNested?: boolean;
      $isMongooseDocumentArray?: boolean;
      $isMongooseArray?: boolean;
      embeddedSchemaType?: SchemaType & { $isMongooseArray?: boolean };
    };
    if (flags.$isSingleNested || flags.$isMongooseDocumentArray || hasAsyncValidators(type)) {
      return null;
    }
    const element = flags.$isMongooseArray ? (flags.embeddedSchemaType ?? null) : null;
    if (flags.$isMongooseArray && (!element || element.$isMongooseArray || hasAsyncValidators(element))) {
      return null;
    }
    paths.push({
      path,
      pieces: path.split('.'),
      type: type as unknown as PathRules,
      element: element as unknown as PathRules | null,
    });
  }
  const pathTypes = new Map<string, string>();
  return {
    paths,
    pathType: (path) => {
      let type = pathTypes.get(path);
      if (type === undefined) {
        type = schema.pathType(path);
        pathTypes.set(path, type);
      }
      return type;
    },
  };
}

function checkerOf(schema: Schema): RowChecker | null {
  let checker = checkers.get(schema);
  if (checker === undefined) {
    checker = compile(schema);
    checkers.set(schema, checker);
  }
  return checker;
}

function valueAt(row: Record<string, unknown>, pieces: readonly string[]): unknown {
  let value: unknown = row;
  for (const piece of pieces) {
    if (value === null || typeof value !== 'object') {
      return undefined;
    }
    value = (value as Record<string, unknown>)[piece];
  }
  return value;
}

function setAt(row: Record<string, unknown>, pieces: readonly string[], value: unknown): void {
  let parent = row;
  for (let index = 0; index < pieces.length - 1; index++) {
    const piece = pieces[index]!;
    parent = (parent[piece] ??= {}) as Record<string, unknown>;
  }
  parent[pieces[pieces.length - 1]!] = value;
}

/**
 * A row checked as a document of the schema would be, in one synchronous pass: unknown fields
 * refused, each path's default applied where the row has no value, each value cast, then each
 * path's validators run (required, enum, min, match, custom): every failure of the row at once, as
 * mongoose's ValidationError. Answers a new object holding the schema's paths, cast (nulls kept).
 */
function checkedRow(checker: RowChecker, row: Record<string, unknown>): Record<string, unknown> {
  refuseUnknownPaths(checker.pathType, row);
  const checked: Record<string, unknown> = {};
  const failures: Array<{ path: string; reason: Error }> = [];
  const fail = (path: string, reason: Error) => failures.push({ path, reason });
  for (const { path, pieces, type, element } of checker.paths) {
    let value = valueAt(row, pieces);
    if (value === undefined) {
      value = type.getDefault(row, false, { skipCast: true });
    }
    if (value !== undefined && value !== null) {
      try {
        value =
          element && Array.isArray(value)
            ? value.map((item: unknown) => (item === null || item === undefined ? item : element.cast(item)))
            : type.cast(value);
      } catch (reason) {
        fail(path, reason as Error);
        continue;
      }
    }
    if (value !== undefined) {
      setAt(checked, pieces, value);
    }
    const invalid =
      type.doValidateSync(value, row, { path }) ??
      (element && Array.isArray(value)
        ? (value as unknown[]).reduce<Error | null>(
            (found, item, index) => found ?? element.doValidateSync(item, row, { path: `${path}.${index}` }),
            null,
          )
        : null);
    if (invalid) {
      fail(path, invalid);
    }
  }
  if (failures.length > 0) {
    const error = new MongooseErrors.ValidationError();
    failures.forEach(({ path, reason }) => error.addError(path, reason as never));
    throw error;
  }
  return checked;
}

/**
 * Inserts documents made by `model` (its defaults, validation and `created_at`/`updated_at`) in one
 * unordered write, for bulk paths where one round trip matters. The rows are checked as plain
 * objects by the schema's rules compiled once (unknown fields refused, defaults applied, cast,
 * validated: what a document would do, without building one or a promise per path); a row that
 * fails refuses the whole write before anything is sent. A schema those rules do not cover
 * (subdocuments, asynchronous validators) has its rows checked by mongoose's `Model.validate`.
 * Answers the documents as stored and the positions refused as duplicates (a unique index); any
 * other failure throws.
 */
export async function insertManyUnordered<T extends { _id: string }>(
  model: Model<T>,
  rows: ReadonlyArray<Record<string, unknown>>,
): Promise<{ documents: T[]; duplicates: Set<number> }> {
  const now = new Date();
  const checker = checkerOf(model.schema);
  const documents = checker
    ? rows.map((row) => checkedRow(checker, { ...row, created_at: now, updated_at: now }) as T)
    : await Promise.all(
        rows.map(async (row) => {
          const fields = { ...row, created_at: now, updated_at: now };
          refuseUnknownPaths((path) => model.schema.pathType(path), fields);
          model.applyDefaults(fields);
          return await model.validate(fields);
        }),
      );
  try {
    await model.collection.insertMany(documents as never[], { ordered: false });
    return { documents, duplicates: new Set() };
  } catch (error) {
    const duplicates = duplicateKeyIndexes(error);
    if (!duplicates) {
      throw error;
    }
    return { documents, duplicates };
  }
}
