/**
 * Update operators on single fields: $set, $setOnInsert, $unset, $inc, $mul,
 * $min, $max, $currentDate, $bit. Each applies to one concrete path of a
 * document draft, keeps BSON number types, refuses what mongod refuses (with its
 * codes and messages), and reports whether it changed the document.
 */
import { Decimal128, Timestamp } from 'bson';
import { compare } from 'mingo/util';
import { formatValue, valueKey } from '../bson';
import { ErrorCodes, MongoCommandError } from '../errors';
import type { QueryEnv } from '../filter';
import { numberKind, putNumber, type NumberMark } from '../number-types';
import { typeName } from '../type-names';
import { isPlainObject } from '../types';
import { arithmetic, bitwise, type ArithmeticOp, type TypedNumber } from './arithmetic';
import type { DocumentDraft } from './draft';

export interface OpContext {
  readonly draft: DocumentDraft;
  /** `_id` of the document, for error messages. */
  readonly docId: unknown;
  readonly now: Date;
  readonly env: QueryEnv;
}

/** One operator applied at one concrete path; returns whether the document changed. */
export type FieldOp = (ctx: OpContext, parts: string[], arg: unknown, argMark: NumberMark | undefined) => boolean;

function idText(ctx: OpContext): string {
  return `{_id: ${formatValue(ctx.docId)}}`;
}

/** Same BSON value, including the number type (1 and 1.0 differ for a write). */
export function sameValue(
  a: unknown,
  aMark: NumberMark | undefined,
  b: unknown,
  bMark: NumberMark | undefined,
): boolean {
  if (valueKey(a) !== valueKey(b)) {
    return false;
  }
  return numberKind(a, aMark) === numberKind(b, bMark);
}

function storeTyped(draft: DocumentDraft, parts: string[], result: TypedNumber): void {
  const { parent, key } = draft.writable(parts);
  if (typeof result.value === 'number' && result.kind !== 'decimal') {
    draft.assign(parent, key, undefined);
    putNumber(parent, key, result.value, result.kind);
  } else {
    draft.assign(parent, key, result.value);
  }
}

export const $set: FieldOp = (ctx, parts, arg, argMark) => {
  const old = ctx.draft.get(parts);
  if (old.exists && sameValue(old.value, old.mark, arg, argMark)) {
    return false;
  }
  ctx.draft.set(parts, arg, argMark);
  return true;
};

export const $unset: FieldOp = (ctx, parts) => ctx.draft.unset(parts);

function arithmeticOp(op: ArithmeticOp): FieldOp {
  const verb = op === '$inc' ? 'increment' : 'multiply';
  return (ctx, parts, arg, argMark) => {
    const argKind = numberKind(arg, argMark);
    if (argKind === undefined) {
      throw new MongoCommandError(
        ErrorCodes.TypeMismatch,
        `Cannot ${verb} with non-numeric argument: {${parts.join('.')}: ${formatValue(arg)}}`,
      );
    }
    const old = ctx.draft.get(parts);
    if (!old.exists) {
      // A missing field becomes the increment, or 0 of the argument's type for $mul.
      if (op === '$inc') {
        ctx.draft.set(parts, arg, argMark);
      } else {
        storeTyped(
          ctx.draft,
          parts,
          argKind === 'decimal' ? { value: Decimal128.fromString('0'), kind: 'decimal' } : { value: 0, kind: argKind },
        );
      }
      return true;
    }
    const kind = numberKind(old.value, old.mark);
    if (kind === undefined) {
      throw new MongoCommandError(
        ErrorCodes.TypeMismatch,
        `Cannot apply ${op} to a value of non-numeric type. ${idText(ctx)} has the field '${parts[parts.length - 1] ?? ''}' of non-numeric type ${typeName(old.value, old.mark)}`,
      );
    }
    const result = arithmetic(op, old.value, kind, arg, argKind);
    if (
      sameValue(
        old.value,
        old.mark,
        result.value,
        result.kind === 'long' ? 'l' : result.kind === 'double' ? 'd' : undefined,
      )
    ) {
      return false;
    }
    storeTyped(ctx.draft, parts, result);
    return true;
  };
}

export const $inc = arithmeticOp('$inc');
export const $mul = arithmeticOp('$mul');

function extremum(keepIf: (cmp: number) => boolean): FieldOp {
  return (ctx, parts, arg, argMark) => {
    const old = ctx.draft.get(parts);
    if (old.exists && !keepIf(compare(arg, old.value))) {
      return false;
    }
    if (old.exists && sameValue(old.value, old.mark, arg, argMark)) {
      return false;
    }
    ctx.draft.set(parts, arg, argMark);
    return true;
  };
}

export const $min = extremum((cmp) => cmp < 0);
export const $max = extremum((cmp) => cmp > 0);

export const $currentDate: FieldOp = (ctx, parts, arg) => {
  let type = 'date';
  if (isPlainObject(arg)) {
    const t = arg['$type'];
    if (t !== 'date' && t !== 'timestamp') {
      throw new MongoCommandError(
        ErrorCodes.BadValue,
        "The '$type' string field is required to be 'date' or 'timestamp': {$currentDate: {field : {$type: 'date'}}}",
      );
    }
    type = t;
  } else if (typeof arg !== 'boolean') {
    throw new MongoCommandError(
      ErrorCodes.BadValue,
      `${formatValue(arg)} is not valid type for $currentDate. Please use a boolean ('true') or a $type expression ({$type: 'timestamp/date'}).`,
    );
  }
  const value =
    type === 'date' ? new Date(ctx.now.getTime()) : new Timestamp({ t: Math.floor(ctx.now.getTime() / 1000), i: 1 });
  ctx.draft.set(parts, value);
  return true;
};

export const $bit: FieldOp = (ctx, parts, arg) => {
  if (!isPlainObject(arg) || Object.keys(arg).length === 0) {
    throw new MongoCommandError(
      ErrorCodes.BadValue,
      `The $bit modifier is not compatible with a ${typeName(arg)}. You must pass in an embedded document: {$bit: {field: {and/or/xor: #}}`,
    );
  }
  const old = ctx.draft.get(parts);
  let current: TypedNumber = { value: 0, kind: 'int' };
  if (old.exists) {
    const kind = numberKind(old.value, old.mark);
    if (kind !== 'int' && kind !== 'long') {
      throw new MongoCommandError(
        ErrorCodes.BadValue,
        `Cannot apply $bit to a value of non-integral type.${idText(ctx)} has the field ${parts[parts.length - 1] ?? ''} of non-integer type ${typeName(old.value, old.mark)}`,
      );
    }
    current = { value: old.value as number, kind };
  }
  for (const [op, operand] of Object.entries(arg)) {
    const operandKind = numberKind(operand);
    if ((op !== 'and' && op !== 'or' && op !== 'xor') || (operandKind !== 'int' && operandKind !== 'long')) {
      throw new MongoCommandError(
        ErrorCodes.BadValue,
        `The $bit modifier only supports 'and', 'or', and 'xor', not '${op}' which is an unknown operator: {${op}: ${formatValue(operand)}}`,
      );
    }
    current = bitwise(op, current.value, current.kind, operand, operandKind);
  }
  if (old.exists && sameValue(old.value, old.mark, current.value, current.kind === 'long' ? 'l' : undefined)) {
    return false;
  }
  storeTyped(ctx.draft, parts, current);
  return true;
};
