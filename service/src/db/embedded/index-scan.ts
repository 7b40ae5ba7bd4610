/**
 * Index scans: turning per-field bounds into contiguous ranges of an index's
 * ordered entries, walking those ranges (forwards or backwards), and rendering
 * the bounds for explain.
 */
import { formatValue } from './bson';
import { BRACKET_END } from './index-keys';
import type { Index } from './indexes';
import type { Entry } from './ordered-entries';
import type { Collection } from './storage/collection';
import type { Document } from './types';

const MAX_COMBINATIONS = 1000;

/** A contiguous run of entries in index order. */
export interface ScanRange {
  start: string[];
  startInc: boolean;
  end: string[];
  endInc: boolean;
}

export interface Range {
  lo: string;
  loInc: boolean;
  hi: string;
  hiInc: boolean;
}

export interface FieldBounds {
  points?: unknown[];
  range?: Range;
}

function keyText(key: string): string {
  return key.length > 1 ? JSON.stringify(key.slice(1)) : key === '\u0002' ? 'null' : 'MinKey';
}

/** explain's indexBounds: one interval list per field. */
export function describeBounds(index: Index, perField: FieldBounds[]): Document {
  const out: Document = {};
  index.fields.forEach((f, i) => {
    const b = perField[i];
    if (b?.points) {
      out[f] = b.points.map((p) => `[${formatValue(p)}, ${formatValue(p)}]`);
    } else if (b?.range) {
      const r = b.range;
      out[f] = [
        `${r.loInc ? '[' : '('}${keyText(r.lo)}, ${r.hi.endsWith(BRACKET_END) ? 'inf' : keyText(r.hi)}${r.hiInc ? ']' : ')'}`,
      ];
    } else {
      out[f] = ['[MinKey, MaxKey]'];
    }
  });
  return out;
}

/** Scan ranges (in index order) for bounds on a prefix of the index's fields. */
export function scanRanges(index: Index, perField: FieldBounds[]): ScanRange[] | undefined {
  let prefixes: string[][] = [[]];
  let i = 0;
  for (; i < perField.length && perField[i]?.points; i++) {
    const keys = (perField[i]?.points as unknown[]).map((p) => index.sortKeyOf(p));
    const next: string[][] = [];
    for (const pre of prefixes) {
      for (const k of keys) {
        next.push([...pre, k]);
      }
    }
    if (next.length > MAX_COMBINATIONS) {
      return undefined;
    }
    prefixes = next;
    if (index.directions[i] === -1) {
      prefixes.sort((a, b) => ((a[i] as string) < (b[i] as string) ? 1 : -1));
    } else {
      prefixes.sort((a, b) => ((a[i] as string) < (b[i] as string) ? -1 : 1));
    }
  }
  const range = perField[i]?.range;
  return prefixes.map((pre) => {
    if (!range) {
      return { start: pre, startInc: true, end: pre, endInc: true };
    }
    const asc = index.directions[i] !== -1;
    return {
      start: [...pre, asc ? range.lo : range.hi],
      startInc: asc ? range.loInc : range.hiInc,
      end: [...pre, asc ? range.hi : range.lo],
      endInc: asc ? range.hiInc : range.loInc,
    };
  });
}

/** Entries of an ordered scan, in scan order. */
export function* iterateRanges(
  coll: Collection,
  plan: { index: Index; ranges: ScanRange[]; reverse: boolean },
): Generator<Entry> {
  const index = plan.index;
  const ordered = index.orderedEntries(coll.records.entries());
  const cmp = (e: Entry, bound: string[]): number => {
    for (let i = 0; i < bound.length; i++) {
      const x = e.keys[i] as string;
      const y = bound[i] as string;
      if (x !== y) {
        return (x < y ? -1 : 1) * (index.directions[i] as number);
      }
    }
    return 0;
  };
  const ranges = plan.reverse ? [...plan.ranges].reverse() : plan.ranges;
  for (const r of ranges) {
    const before = (e: Entry): boolean => (r.startInc ? cmp(e, r.start) < 0 : cmp(e, r.start) <= 0);
    const after = (e: Entry): boolean => (r.endInc ? cmp(e, r.end) > 0 : cmp(e, r.end) >= 0);
    yield* ordered.range(before, after, plan.reverse);
  }
}
