/**
 * A sorted list of index entries kept in leaves of bounded size, so inserting or
 * removing costs a binary search plus a splice within one leaf (a flat B+ tree),
 * and a range is a binary search for its start and a walk along the leaves.
 */

export interface Entry {
  /** One order-preserving key per index field (index-keys.ts). */
  keys: string[];
  /** The document's `_id` key. */
  id: string;
}

const MAX_LEAF = 512;

export class OrderedEntries {
  private leaves: Entry[][] = [];
  private count = 0;
  private readonly compare: (a: Entry, b: Entry) => number;

  /** `compare` orders entries by keys (with each field's direction), then by id. */
  constructor(compare: (a: Entry, b: Entry) => number) {
    this.compare = compare;
  }

  get size(): number {
    return this.count;
  }

  /**
   * Position of the first entry for which `before` is false; `before` must be
   * true for a prefix of the list and false after it.
   */
  private lowerBound(before: (e: Entry) => boolean): { leaf: number; pos: number } {
    let lo = 0;
    let hi = this.leaves.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const leaf = this.leaves[mid] as Entry[];
      if (before(leaf[leaf.length - 1] as Entry)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    if (lo === this.leaves.length) {
      return { leaf: lo, pos: 0 };
    }
    const leaf = this.leaves[lo] as Entry[];
    let a = 0;
    let b = leaf.length;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (before(leaf[mid] as Entry)) {
        a = mid + 1;
      } else {
        b = mid;
      }
    }
    return { leaf: lo, pos: a };
  }

  insert(entry: Entry): void {
    this.count++;
    if (this.leaves.length === 0) {
      this.leaves.push([entry]);
      return;
    }
    let { leaf, pos } = this.lowerBound((e) => this.compare(e, entry) < 0);
    if (leaf === this.leaves.length) {
      leaf--;
      pos = (this.leaves[leaf] as Entry[]).length;
    }
    const target = this.leaves[leaf] as Entry[];
    target.splice(pos, 0, entry);
    if (target.length > MAX_LEAF) {
      this.leaves.splice(leaf + 1, 0, target.splice(target.length >> 1));
    }
  }

  remove(entry: Entry): boolean {
    const { leaf, pos } = this.lowerBound((e) => this.compare(e, entry) < 0);
    const target = this.leaves[leaf];
    if (!target || pos >= target.length || this.compare(target[pos] as Entry, entry) !== 0) {
      return false;
    }
    target.splice(pos, 1);
    this.count--;
    if (target.length === 0) {
      this.leaves.splice(leaf, 1);
    }
    return true;
  }

  /**
   * Entries from the first one where `before` turns false, while `within` holds;
   * in reverse from the last entry where `after` is false, while `within` holds.
   */
  *range(
    before: (e: Entry) => boolean,
    after: (e: Entry) => boolean,
    reverse: boolean,
  ): Generator<Entry, void, undefined> {
    if (!reverse) {
      let { leaf, pos } = this.lowerBound(before);
      for (; leaf < this.leaves.length; leaf++, pos = 0) {
        const entries = this.leaves[leaf] as Entry[];
        for (; pos < entries.length; pos++) {
          const e = entries[pos] as Entry;
          if (after(e)) {
            return;
          }
          yield e;
        }
      }
      return;
    }
    // Last entry not past the end: one before the first entry that is past it.
    let { leaf, pos } = this.lowerBound((e) => !after(e));
    pos--;
    for (; leaf >= 0; leaf--) {
      const entries = this.leaves[leaf];
      if (!entries) {
        pos = (this.leaves[leaf - 1]?.length ?? 0) - 1;
        continue;
      }
      for (; pos >= 0; pos--) {
        const e = entries[pos] as Entry;
        if (before(e)) {
          return;
        }
        yield e;
      }
      pos = (this.leaves[leaf - 1]?.length ?? 0) - 1;
    }
  }
}
