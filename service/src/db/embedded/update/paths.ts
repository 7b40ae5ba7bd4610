/**
 * Update paths: parsing, conflict detection (MongoDB refuses only paths that
 * truly overlap: 'a' with 'a.b', not 'a.$.x' with 'a.$.y'), and expanding the
 * positional forms `$`, `$[]` and `$[<id>]` into the concrete paths of one
 * document.
 */
import { formatValue } from '../bson';
import { ErrorCodes, MongoCommandError } from '../errors';
import { isPlainObject, type Document } from '../types';
import type { ElementMatcher } from './matching';

export function isIndex(part: string): boolean {
  return /^\d+$/.test(part);
}

export function parsePath(path: string): string[] {
  if (path === '') {
    throw new MongoCommandError(56, 'An empty update path is not valid.', { codeName: 'EmptyFieldName' });
  }
  const parts = path.split('.');
  if (parts.some((p) => p === '')) {
    throw new MongoCommandError(56, `The update path '${path}' contains an empty field name, which is not allowed.`, {
      codeName: 'EmptyFieldName',
    });
  }
  if (parts.filter((p) => p === '$').length > 1) {
    throw new MongoCommandError(ErrorCodes.BadValue, `Too many positional (i.e. '$') elements found in path '${path}'`);
  }
  return parts;
}

interface TrieNode {
  children: Map<string, TrieNode>;
  terminal: boolean;
}

/**
 * Records update paths and throws ConflictingUpdateOperators (40) when one is a
 * prefix of another. `concrete` switches to the apply-time message, for paths
 * that only meet once positional parts are resolved.
 */
export class ConflictChecker {
  private readonly root: TrieNode = { children: new Map(), terminal: false };

  constructor(private readonly concrete = false) {}

  add(parts: readonly string[]): void {
    let node = this.root;
    for (let i = 0; i < parts.length; i++) {
      if (node.terminal) {
        this.conflict(parts, parts.slice(0, i));
      }
      const part = parts[i] as string;
      let next = node.children.get(part);
      if (!next) {
        next = { children: new Map(), terminal: false };
        node.children.set(part, next);
      }
      node = next;
    }
    if (node.terminal || node.children.size > 0) {
      this.conflict(parts, parts);
    }
    node.terminal = true;
  }

  private conflict(path: readonly string[], at: readonly string[]): never {
    if (this.concrete) {
      throw new MongoCommandError(
        ErrorCodes.ConflictingUpdateOperators,
        `Update created a conflict at '${at.join('.')}'`,
      );
    }
    throw new MongoCommandError(
      ErrorCodes.ConflictingUpdateOperators,
      `Updating the path '${path.join('.')}' would create a conflict at '${at.join('.')}'`,
    );
  }
}

/** The identifier of a `$[<id>]` part, '' for `$[]`, undefined for anything else. */
export function arrayFilterId(part: string): string | undefined {
  if (part.startsWith('$[') && part.endsWith(']')) {
    return part.slice(2, -1);
  }
  return undefined;
}

export function hasPositional(parts: readonly string[]): boolean {
  return parts.some((p) => p === '$' || arrayFilterId(p) !== undefined);
}

/** What positional parts resolve against for one document. */
export interface PositionalContext {
  /** Index of the array element the query matched, per array path (for `$`). */
  matchedIndex(arrayPath: readonly string[]): number | undefined;
  /** Matchers of the command's arrayFilters, by identifier. */
  arrayFilters: Map<string, ElementMatcher>;
  /** Identifiers used by some path (to report unused filters). */
  usedFilters: Set<string>;
}

function child(value: unknown, part: string): unknown {
  if (Array.isArray(value)) {
    return isIndex(part) ? value[Number(part)] : undefined;
  }
  return isPlainObject(value) ? value[part] : undefined;
}

/** Expand one parsed path into the concrete paths it names in `doc`. */
export function expandPath(doc: Document, parts: readonly string[], ctx: PositionalContext): string[][] {
  const out: string[][] = [];
  const walk = (value: unknown, i: number, prefix: string[]): void => {
    if (i === parts.length) {
      out.push(prefix);
      return;
    }
    const part = parts[i] as string;
    if (part === '$') {
      const index = ctx.matchedIndex(prefix);
      if (index === undefined) {
        throw new MongoCommandError(
          ErrorCodes.BadValue,
          'The positional operator did not find the match needed from the query.',
        );
      }
      walk(child(value, String(index)), i + 1, [...prefix, String(index)]);
      return;
    }
    const id = arrayFilterId(part);
    if (id === undefined) {
      walk(child(value, part), i + 1, [...prefix, part]);
      return;
    }
    let matcher: ElementMatcher | undefined;
    if (id !== '') {
      matcher = ctx.arrayFilters.get(id);
      if (!matcher) {
        throw new MongoCommandError(
          ErrorCodes.BadValue,
          `No array filter found for identifier '${id}' in path '${parts.join('.')}'`,
        );
      }
      ctx.usedFilters.add(id);
    }
    if (value === undefined) {
      throw new MongoCommandError(
        ErrorCodes.BadValue,
        `The path '${prefix.join('.')}' must exist in the document in order to apply array updates.`,
      );
    }
    if (!Array.isArray(value)) {
      throw new MongoCommandError(
        ErrorCodes.BadValue,
        `Cannot apply array updates to non-array element ${prefix[prefix.length - 1] ?? ''}: ${formatValue(value)}`,
      );
    }
    value.forEach((el, index) => {
      if (!matcher || matcher(el)) {
        walk(el, i + 1, [...prefix, String(index)]);
      }
    });
  };
  walk(doc, 0, []);
  return out;
}

/** Sort key for applying paths in MongoDB's order: field names lexicographically, array indexes numerically. */
export function comparePaths(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    if (x === y) {
      continue;
    }
    if (isIndex(x) && isIndex(y)) {
      return Number(x) - Number(y);
    }
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}
