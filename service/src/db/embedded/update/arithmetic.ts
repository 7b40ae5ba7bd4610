/**
 * `$inc` / `$mul` / `$bit` arithmetic with BSON's number types: int32 results
 * that overflow become int64, anything with a double is a double, int64 overflow
 * is an error, as in mongod.
 */
import { Decimal128, Long } from 'bson';
import { ErrorCodes, MongoCommandError } from '../errors';
import type { NumberKind } from '../number-types';

export interface TypedNumber {
  value: number | Long | Decimal128;
  kind: 'int' | 'long' | 'double' | 'decimal';
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

function toBigInt(v: unknown): bigint {
  if (v instanceof Long) {
    return v.toBigInt();
  }
  if (typeof v === 'bigint') {
    return v;
  }
  return BigInt(v as number);
}

function toDouble(v: unknown): number {
  if (v instanceof Long || v instanceof Decimal128) {
    return Number(v.toString());
  }
  return Number(v);
}

function fromBigInt(n: bigint, kind: 'int' | 'long'): TypedNumber {
  if (kind === 'int' && n >= BigInt(INT32_MIN) && n <= BigInt(INT32_MAX)) {
    return { value: Number(n), kind: 'int' };
  }
  if (n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER)) {
    return { value: Number(n), kind: 'long' };
  }
  return { value: Long.fromBigInt(n), kind: 'long' };
}

export type ArithmeticOp = '$inc' | '$mul';

/** `a op b` for two numeric values of the given kinds; throws mongod's overflow error for int64. */
export function arithmetic(
  op: ArithmeticOp,
  a: unknown,
  aKind: NumberKind,
  b: unknown,
  bKind: NumberKind,
): TypedNumber {
  if (aKind === 'decimal' || bKind === 'decimal') {
    const r = op === '$inc' ? toDouble(a) + toDouble(b) : toDouble(a) * toDouble(b);
    return { value: Decimal128.fromString(String(r)), kind: 'decimal' };
  }
  if (aKind === 'double' || bKind === 'double') {
    const r = op === '$inc' ? toDouble(a) + toDouble(b) : toDouble(a) * toDouble(b);
    return { value: r, kind: 'double' };
  }
  const r = op === '$inc' ? toBigInt(a) + toBigInt(b) : toBigInt(a) * toBigInt(b);
  if (r < INT64_MIN || r > INT64_MAX) {
    throw new MongoCommandError(
      ErrorCodes.BadValue,
      `Failed to apply ${op} operations to current value (${String(a)}) : integer overflow`,
    );
  }
  return fromBigInt(r, aKind === 'long' || bKind === 'long' ? 'long' : 'int');
}

/** `$bit` and/or/xor on int32/int64 values. */
export function bitwise(
  op: 'and' | 'or' | 'xor',
  a: unknown,
  aKind: NumberKind,
  b: unknown,
  bKind: NumberKind,
): TypedNumber {
  const x = toBigInt(a);
  const y = toBigInt(b);
  const r = op === 'and' ? x & y : op === 'or' ? x | y : x ^ y;
  return fromBigInt(BigInt.asIntN(64, r), aKind === 'long' || bKind === 'long' ? 'long' : 'int');
}
