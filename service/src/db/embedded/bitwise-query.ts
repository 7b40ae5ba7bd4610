/**
 * The bitwise query operators ($bitsAllSet, $bitsAnySet, $bitsAllClear,
 * $bitsAnyClear) as mongod has them: integral numbers are 64-bit two's
 * complement, binary data is a bit string whose bit 0 is the lowest bit of its
 * first byte; the mask is a list of bit positions, a number or binary data.
 */
import { Binary, Long } from 'bson';
import type { Options } from 'mingo/types';
import { resolve } from 'mingo/util';
import type { Document } from './types';

type Mode = 'allSet' | 'anySet' | 'allClear' | 'anyClear';

function bitsOfNumber(v: unknown): ((bit: number) => boolean) | undefined {
  let n: bigint;
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) {
      return undefined;
    }
    n = BigInt(v);
  } else if (v instanceof Long) {
    n = v.toBigInt();
  } else if (typeof v === 'bigint') {
    n = v;
  } else {
    return undefined;
  }
  const u = BigInt.asUintN(64, n);
  // Sign-extended beyond bit 63, as mongod treats negative numbers.
  return (bit) => (bit >= 64 ? n < 0n : ((u >> BigInt(bit)) & 1n) === 1n);
}

function bitsOfBinary(b: Binary): (bit: number) => boolean {
  const bytes = b.buffer.subarray(0, b.position);
  return (bit) => {
    const byte = bytes[bit >> 3];
    return byte !== undefined && ((byte >> (bit & 7)) & 1) === 1;
  };
}

/** Bit positions a mask names. */
function positions(mask: unknown): number[] {
  if (Array.isArray(mask)) {
    if (!mask.every((p) => typeof p === 'number' && Number.isInteger(p) && p >= 0)) {
      throw new Error('bit positions must be non-negative integers');
    }
    return mask as number[];
  }
  const out: number[] = [];
  if (mask instanceof Binary) {
    const test = bitsOfBinary(mask);
    for (let i = 0; i < mask.position * 8; i++) {
      if (test(i)) {
        out.push(i);
      }
    }
    return out;
  }
  const test = bitsOfNumber(mask);
  if (!test || (typeof mask === 'number' && mask < 0)) {
    throw new Error('bitmask must be a non-negative integral number, binary data or an array of positions');
  }
  for (let i = 0; i < 64; i++) {
    if (test(i)) {
      out.push(i);
    }
  }
  return out;
}

function bitwise(mode: Mode) {
  return (selector: string, mask: unknown, _options: Options): ((obj: Document) => boolean) => {
    const bits = positions(mask);
    const check = (v: unknown): boolean => {
      const test = v instanceof Binary ? bitsOfBinary(v) : bitsOfNumber(v);
      if (!test) {
        return false;
      }
      switch (mode) {
        case 'allSet':
          return bits.every((b) => test(b));
        case 'anySet':
          return bits.some((b) => test(b));
        case 'allClear':
          return bits.every((b) => !test(b));
        case 'anyClear':
          return bits.some((b) => !test(b));
      }
    };
    return (obj) => {
      const v: unknown = resolve(obj, selector, { unwrapArray: true });
      return Array.isArray(v) ? v.some(check) : check(v);
    };
  };
}

export const $bitsAllSet = bitwise('allSet');
export const $bitsAnySet = bitwise('anySet');
export const $bitsAllClear = bitwise('allClear');
export const $bitsAnyClear = bitwise('anyClear');
