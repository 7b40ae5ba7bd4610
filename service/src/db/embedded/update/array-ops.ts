/**
 * Update operators on arrays: $push (with $each/$position/$sort/$slice),
 * $addToSet, $pop, $pull and $pullAll, with mongod's errors for non-array
 * targets. Elements keep their number types when the array is rebuilt.
 */
import { compare } from 'mingo/util';
import { formatValue, valueKey } from '../bson';
import { ErrorCodes, MongoCommandError } from '../errors';
import { markOf, setMark, type NumberMark } from '../number-types';
import { typeName } from '../type-names';
import { isPlainObject, type Document } from '../types';
import type { FieldOp, OpContext } from './field-ops';
import { pullMatcher } from './matching';

interface Element {
  value: unknown;
  mark: NumberMark | undefined;
}

function elementsOf(arr: unknown[]): Element[] {
  return arr.map((value, i) => ({ value, mark: markOf(arr, String(i)) }));
}

function buildArray(elements: Element[]): unknown[] {
  const out = elements.map((e) => e.value);
  elements.forEach((e, i) => {
    if (e.mark) {
      setMark(out, String(i), e.mark);
    }
  });
  return out;
}

function fieldName(parts: string[]): string {
  return parts[parts.length - 1] ?? '';
}

function idText(ctx: OpContext): string {
  return `{_id: ${formatValue(ctx.docId)}}`;
}

function sameElements(a: Element[], b: Element[]): boolean {
  return (
    a.length === b.length && a.every((e, i) => valueKey(e.value) === valueKey(b[i]?.value) && e.mark === b[i]?.mark)
  );
}

/** The array at `parts` (or [] when missing); `refuse` builds the error for a non-array value. */
function currentArray(
  ctx: OpContext,
  parts: string[],
  refuse: (value: unknown, mark?: NumberMark) => Error,
): Element[] {
  const found = ctx.draft.get(parts);
  if (!found.exists) {
    return [];
  }
  if (!Array.isArray(found.value)) {
    throw refuse(found.value, found.mark);
  }
  return elementsOf(found.value);
}

function replaceArray(ctx: OpContext, parts: string[], before: Element[], after: Element[], existed: boolean): boolean {
  if (existed && sameElements(before, after)) {
    return false;
  }
  ctx.draft.set(parts, buildArray(after));
  return true;
}

function eachOf(arg: unknown, argMark: NumberMark | undefined, op: string): { each: Element[]; modifiers: Document } {
  if (isPlainObject(arg) && '$each' in arg) {
    const each = arg['$each'];
    if (!Array.isArray(each)) {
      throw new MongoCommandError(
        ErrorCodes.BadValue,
        `The argument to $each in ${op} must be an array but it was of type: ${typeName(each)}`,
      );
    }
    return { each: elementsOf(each), modifiers: arg };
  }
  return { each: [{ value: arg, mark: argMark }], modifiers: {} };
}

function sortElements(elements: Element[], spec: unknown): Element[] {
  if (spec === 1 || spec === -1) {
    return elements.slice().sort((a, b) => compare(a.value, b.value) * spec);
  }
  if (!isPlainObject(spec) || Object.keys(spec).length === 0) {
    throw new MongoCommandError(
      ErrorCodes.BadValue,
      'The $sort is invalid: use 1/-1 to sort the whole element, or {field:1/-1} to sort embedded fields',
    );
  }
  const fields = Object.entries(spec);
  const at = (v: unknown, path: string): unknown =>
    path.split('.').reduce<unknown>((cur, p) => (isPlainObject(cur) ? cur[p] : undefined), v);
  return elements.slice().sort((a, b) => {
    for (const [path, dir] of fields) {
      const c = compare(at(a.value, path), at(b.value, path)) * (dir === -1 ? -1 : 1);
      if (c !== 0) {
        return c;
      }
    }
    return 0;
  });
}

export const $push: FieldOp = (ctx, parts, arg, argMark) => {
  const existed = ctx.draft.get(parts).exists;
  const before = currentArray(
    ctx,
    parts,
    (v, m) =>
      new MongoCommandError(
        ErrorCodes.BadValue,
        `The field '${fieldName(parts)}' must be an array but is of type ${typeName(v, m)} in document ${idText(ctx)}`,
      ),
  );
  const { each, modifiers } = eachOf(arg, argMark, '$push');
  for (const k of Object.keys(modifiers)) {
    if (!['$each', '$slice', '$sort', '$position'].includes(k)) {
      throw new MongoCommandError(ErrorCodes.BadValue, `Unrecognized clause in $push: ${k}`);
    }
  }
  let after = before.slice();
  const position = modifiers['$position'];
  if (typeof position === 'number' && Number.isInteger(position)) {
    const at = position < 0 ? Math.max(0, after.length + position) : Math.min(position, after.length);
    after.splice(at, 0, ...each);
  } else if (position !== undefined) {
    throw new MongoCommandError(
      ErrorCodes.BadValue,
      `The value for $position must be an integer value, not of type: ${typeName(position)}`,
    );
  } else {
    after.push(...each);
  }
  if (modifiers['$sort'] !== undefined) {
    after = sortElements(after, modifiers['$sort']);
  }
  const slice = modifiers['$slice'];
  if (slice !== undefined) {
    if (typeof slice !== 'number' || !Number.isInteger(slice)) {
      throw new MongoCommandError(
        ErrorCodes.BadValue,
        `The value for $slice must be an integer value but was given type: ${typeName(slice)}`,
      );
    }
    after = slice >= 0 ? after.slice(0, slice) : after.slice(Math.max(0, after.length + slice));
  }
  return replaceArray(ctx, parts, before, after, existed);
};

export const $addToSet: FieldOp = (ctx, parts, arg, argMark) => {
  const existed = ctx.draft.get(parts).exists;
  const before = currentArray(
    ctx,
    parts,
    (v, m) =>
      new MongoCommandError(
        ErrorCodes.BadValue,
        `Cannot apply $addToSet to non-array field. Field named '${fieldName(parts)}' has non-array type ${typeName(v, m)}`,
      ),
  );
  const { each } = eachOf(arg, argMark, '$addToSet');
  const seen = new Set(before.map((e) => valueKey(e.value)));
  const after = before.slice();
  for (const e of each) {
    const key = valueKey(e.value);
    if (!seen.has(key)) {
      seen.add(key);
      after.push(e);
    }
  }
  return replaceArray(ctx, parts, before, after, existed);
};

export const $pop: FieldOp = (ctx, parts, arg) => {
  if (arg !== 1 && arg !== -1) {
    throw new MongoCommandError(ErrorCodes.FailedToParse, `$pop expects 1 or -1, found: ${formatValue(arg)}`);
  }
  const found = ctx.draft.get(parts);
  if (!found.exists) {
    return false;
  }
  if (!Array.isArray(found.value)) {
    throw new MongoCommandError(
      ErrorCodes.TypeMismatch,
      `Path '${parts.join('.')}' contains an element of non-array type '${typeName(found.value, found.mark)}'`,
    );
  }
  const before = elementsOf(found.value);
  if (before.length === 0) {
    return false;
  }
  return replaceArray(ctx, parts, before, arg === 1 ? before.slice(0, -1) : before.slice(1), true);
};

function removing(op: '$pull' | '$pullAll', matches: (el: unknown) => boolean): FieldOp {
  return (ctx, parts) => {
    const found = ctx.draft.get(parts);
    if (!found.exists) {
      return false;
    }
    if (!Array.isArray(found.value)) {
      throw new MongoCommandError(ErrorCodes.BadValue, `Cannot apply ${op} to a non-array value`);
    }
    const before = elementsOf(found.value);
    return replaceArray(
      ctx,
      parts,
      before,
      before.filter((e) => !matches(e.value)),
      true,
    );
  };
}

export const $pull: FieldOp = (ctx, parts, arg, argMark) =>
  removing('$pull', pullMatcher(arg, ctx.env))(ctx, parts, arg, argMark);

export const $pullAll: FieldOp = (ctx, parts, arg, argMark) => {
  if (!Array.isArray(arg)) {
    throw new MongoCommandError(
      ErrorCodes.BadValue,
      `$pullAll requires an array argument but was given a ${typeName(arg, argMark)}`,
    );
  }
  const keys = new Set(arg.map((v) => valueKey(v)));
  return removing('$pullAll', (el) => keys.has(valueKey(el)))(ctx, parts, arg, argMark);
};
