/**
 * Applying an update specification to a document: operator documents (our own
 * operators, see field-ops.ts / array-ops.ts), replacements and aggregation
 * pipelines (mingo), and building the document an upsert inserts.
 */
import { Aggregator } from 'mingo/aggregator';
import { ProcessingMode } from 'mingo/core';
import type { Options } from 'mingo/types';
import { cloneDoc, formatValue, valueKey } from '../bson';
import { ErrorCodes, MongoCommandError } from '../errors';
import { FULL_OPTIONS } from '../mingo-context';
import { markOf, setMark } from '../number-types';
import type { QueryEnv } from '../filter';
import { isPlainObject, type Document } from '../types';
import { $addToSet, $pop, $pull, $pullAll, $push } from './array-ops';
import { DocumentDraft, pathNotViable } from './draft';
import { $bit, $currentDate, $inc, $max, $min, $mul, $set, $unset, type FieldOp, type OpContext } from './field-ops';
import { arrayFilterMatchers, positionalMatcher } from './matching';
import { ConflictChecker, comparePaths, expandPath, hasPositional, parsePath, type PositionalContext } from './paths';

const FIELD_OPS: Record<string, FieldOp> = {
  $set,
  $setOnInsert: $set,
  $unset,
  $inc,
  $mul,
  $min,
  $max,
  $currentDate,
  $bit,
  $push,
  $addToSet,
  $pop,
  $pull,
  $pullAll,
};
const OPERATORS = new Set([...Object.keys(FIELD_OPS), '$rename']);

export type UpdateKind = 'replacement' | 'operators' | 'pipeline';

export function classifyUpdate(u: unknown): UpdateKind {
  if (Array.isArray(u)) {
    return 'pipeline';
  }
  if (!isPlainObject(u)) {
    throw new MongoCommandError(ErrorCodes.FailedToParse, 'Update argument must be either an object or an array');
  }
  const keys = Object.keys(u);
  const ops = keys.filter((k) => k.startsWith('$'));
  if (ops.length === 0) {
    return 'replacement';
  }
  for (const op of keys) {
    if (!OPERATORS.has(op)) {
      throw new MongoCommandError(
        ErrorCodes.FailedToParse,
        `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
    if (!isPlainObject(u[op])) {
      throw new MongoCommandError(
        ErrorCodes.FailedToParse,
        `Modifiers operate on fields but we found type ${typeof u[op]} instead. For example: {$mod: {<field>: ...}} not {${op}: ${formatValue(u[op])}}`,
      );
    }
  }
  return 'operators';
}

export interface UpdateOptions {
  arrayFilters?: Document[] | undefined;
  /** The query that selected the document: the positional `$` resolves against it. */
  filter?: Document | undefined;
  /** Applying to the document an upsert inserts: `$setOnInsert` applies, `_id` may be set. */
  isInsert: boolean;
  env?: QueryEnv | undefined;
}

export interface UpdateResult {
  doc: Document;
  modified: boolean;
}

/** Put `_id` first, as mongod does for every stored document. */
export function idFirst(doc: Document): Document {
  const keys = Object.keys(doc);
  if (keys[0] === '_id' || !('_id' in doc)) {
    return doc;
  }
  const { _id, ...rest } = doc;
  const out: Document = { _id, ...rest };
  for (const k of keys) {
    const mark = markOf(doc, k);
    if (mark) {
      setMark(out, k, mark);
    }
  }
  return out;
}

function immutableId(): MongoCommandError {
  return new MongoCommandError(
    ErrorCodes.ImmutableField,
    "Performing an update on the path '_id' would modify the immutable field '_id'",
  );
}

interface Entry {
  op: string;
  parts: string[];
  arg: unknown;
  argMark: ReturnType<typeof markOf>;
}

function parseEntries(spec: Document, isInsert: boolean): Entry[] {
  const checker = new ConflictChecker();
  const entries: Entry[] = [];
  for (const [op, fields] of Object.entries(spec)) {
    for (const [path, arg] of Object.entries(fields as Document)) {
      const parts = parsePath(path);
      checker.add(parts);
      if (op === '$rename') {
        if (typeof arg !== 'string') {
          throw new MongoCommandError(
            ErrorCodes.BadValue,
            `The 'to' field for $rename must be a string: ${path}: ${formatValue(arg)}`,
          );
        }
        if (arg === path) {
          throw new MongoCommandError(
            ErrorCodes.BadValue,
            `The source and target field for $rename must differ: ${path}: ${formatValue(arg)}`,
          );
        }
        const to = parsePath(arg);
        if (hasPositional(parts) || hasPositional(to)) {
          throw new MongoCommandError(ErrorCodes.BadValue, `The source field for $rename may not be dynamic: ${path}`);
        }
        checker.add(to);
      }
      if (op === '$setOnInsert' && !isInsert) {
        continue;
      }
      entries.push({ op, parts, arg, argMark: markOf(fields as Document, path) });
    }
  }
  return entries.sort((a, b) => comparePaths(a.parts, b.parts));
}

function rename(ctx: OpContext, from: string[], to: string[]): boolean {
  const source = ctx.draft.get(from);
  if (!source.exists) {
    return false;
  }
  if (Array.isArray(source.parent)) {
    throw new MongoCommandError(
      ErrorCodes.BadValue,
      `The source field cannot be an array element, '${from.join('.')}' in doc with ${from.slice(0, -1).join('.')} being an array`,
    );
  }
  const target = ctx.draft.get(to);
  if (Array.isArray(target.parent)) {
    throw pathNotViable(
      `The destination field cannot be an array element, '${to.join('.')}' in doc with ${to.slice(0, -1).join('.')} being an array`,
    );
  }
  ctx.draft.unset(from);
  ctx.draft.set(to, source.value, source.mark);
  return true;
}

function applyOperators(old: Document, spec: Document, opts: UpdateOptions): UpdateResult {
  const env = opts.env ?? {};
  const entries = parseEntries(spec, opts.isInsert);
  const draft = new DocumentDraft(old);
  const matchIndex = positionalMatcher(opts.isInsert ? {} : (opts.filter ?? {}), env);
  const positional: PositionalContext = {
    matchedIndex: (arrayPath) => matchIndex(old, arrayPath),
    arrayFilters: arrayFilterMatchers(opts.arrayFilters, env),
    usedFilters: new Set(),
  };
  const ctx: OpContext = { draft, docId: old['_id'], now: new Date(), env };
  const applied = new ConflictChecker(true);
  let modified = false;
  for (const entry of entries) {
    if (entry.op === '$rename') {
      modified = rename(ctx, entry.parts, parsePath(entry.arg as string)) || modified;
      continue;
    }
    const op = FIELD_OPS[entry.op] as FieldOp;
    const paths = hasPositional(entry.parts) ? expandPath(draft.root, entry.parts, positional) : [entry.parts];
    for (const parts of paths) {
      if (hasPositional(entry.parts)) {
        applied.add(parts);
      }
      modified = op(ctx, parts, entry.arg, entry.argMark) || modified;
    }
  }
  for (const id of positional.arrayFilters.keys()) {
    if (!positional.usedFilters.has(id)) {
      throw new MongoCommandError(
        ErrorCodes.FailedToParse,
        `The array filter for identifier '${id}' was not used in the update ${formatValue(spec)}`,
      );
    }
  }
  const next = draft.root;
  if ('_id' in old && valueKey(old['_id']) !== valueKey(next['_id'])) {
    throw immutableId();
  }
  return { doc: idFirst(next), modified };
}

function applyReplacement(old: Document, replacement: Document): UpdateResult {
  for (const k of Object.keys(replacement)) {
    if (k.startsWith('$')) {
      throw new MongoCommandError(
        ErrorCodes.BadValue,
        `The dollar ($) prefixed field '${k}' is not allowed in a replacement document`,
      );
    }
  }
  if ('_id' in replacement && '_id' in old && valueKey(old['_id']) !== valueKey(replacement['_id'])) {
    throw new MongoCommandError(
      ErrorCodes.ImmutableField,
      `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${formatValue(replacement['_id'])}`,
    );
  }
  const copy = cloneDoc(replacement);
  const next = '_id' in copy || !('_id' in old) ? idFirst(copy) : idFirst(Object.assign(copy, { _id: old['_id'] }));
  return { doc: next, modified: valueKey(next) !== valueKey(old) };
}

function applyPipeline(old: Document, stages: Document[], env: QueryEnv): UpdateResult {
  const options: Partial<Options> = {
    ...FULL_OPTIONS,
    processingMode: ProcessingMode.CLONE_OFF,
    ...(env.variables ? { variables: env.variables } : {}),
    ...(env.collation ? { collation: env.collation as unknown as Options['collation'] } : {}),
  };
  let out: Document[];
  try {
    out = new Aggregator(stages, options).run<Document>([cloneDoc(old)]);
  } catch (err) {
    throw new MongoCommandError(ErrorCodes.BadValue, err instanceof Error ? err.message : String(err));
  }
  const result = out[0];
  if (out.length !== 1 || !isPlainObject(result)) {
    throw new MongoCommandError(ErrorCodes.BadValue, 'An update pipeline must produce exactly one document');
  }
  // A pipeline that drops _id keeps the original one, as mongod does.
  if ('_id' in old && !('_id' in result)) {
    result['_id'] = old['_id'];
  } else if ('_id' in old && valueKey(old['_id']) !== valueKey(result['_id'])) {
    throw immutableId();
  }
  const next = idFirst(result);
  return { doc: next, modified: valueKey(next) !== valueKey(old) };
}

/** Compute the new version of `old` (never mutated). */
export function applyUpdate(old: Document, spec: unknown, opts: UpdateOptions): UpdateResult {
  switch (classifyUpdate(spec)) {
    case 'replacement':
      return applyReplacement(old, spec as Document);
    case 'pipeline':
      return applyPipeline(old, spec as Document[], opts.env ?? {});
    case 'operators':
      return applyOperators(old, spec as Document, opts);
  }
}
