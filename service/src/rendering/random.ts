import { createHash } from 'node:crypto';

/** A deterministic random source: the same seed gives the same picture. */
export interface Random {
  /** 0 ≤ n < 1 */
  next(): number;
  /** min ≤ n < max */
  range(min: number, max: number): number;
  /** Integer, min ≤ n ≤ max */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
}

/** mulberry32 over a SHA-256-derived 32-bit state: small, fast and evenly spread. */
export function createRandom(...seedParts: (string | number)[]): Random {
  let state = createHash('sha256').update(seedParts.join('\u0000')).digest().readUInt32LE(0);
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    range: (min, max) => min + next() * (max - min),
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) {
        throw new RangeError('pick() needs at least one item');
      }
      return items[Math.floor(next() * items.length)] as T;
    },
    chance: (probability) => next() < probability,
  };
}
