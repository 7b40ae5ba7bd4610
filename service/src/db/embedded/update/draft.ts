/**
 * Copy-on-write access to a stored document during an update: stored documents
 * are immutable, so the containers along each modified path are copied (with
 * their number marks) the first time they are written, and everything else is
 * shared with the old version.
 */
import { formatValue } from '../bson';
import { MongoCommandError } from '../errors';
import { clearMark, copyContainer, markOf, setMark, type NumberMark } from '../number-types';
import { isPlainObject, type Document } from '../types';
import { isIndex } from './paths';

export type Container = Document | unknown[];

export interface Located {
  /** The container holding the last path part, when the path resolves that far. */
  parent: Container | undefined;
  key: string;
  value: unknown;
  exists: boolean;
  /** Number mark of the value in its container. */
  mark: NumberMark | undefined;
}

export function pathNotViable(message: string): MongoCommandError {
  return new MongoCommandError(28, message, { codeName: 'PathNotViable' });
}

function childOf(container: Container, part: string): { value: unknown; exists: boolean } {
  if (Array.isArray(container)) {
    if (!isIndex(part)) {
      return { value: undefined, exists: false };
    }
    const i = Number(part);
    return { value: container[i], exists: i < container.length };
  }
  return { value: container[part], exists: Object.prototype.hasOwnProperty.call(container, part) };
}

export class DocumentDraft {
  readonly root: Document;
  private readonly fresh = new WeakSet<object>();

  constructor(source: Document) {
    this.root = copyContainer(source);
    this.fresh.add(this.root);
  }

  /** Read a concrete path (array parts are indexes) without changing anything. */
  get(parts: readonly string[]): Located {
    let container: Container = this.root;
    for (let i = 0; i < parts.length - 1; i++) {
      const { value } = childOf(container, parts[i] as string);
      if (!Array.isArray(value) && !isPlainObject(value)) {
        return {
          parent: undefined,
          key: parts[parts.length - 1] as string,
          value: undefined,
          exists: false,
          mark: undefined,
        };
      }
      container = value;
    }
    const key = parts[parts.length - 1] as string;
    const { value, exists } = childOf(container, key);
    return { parent: container, key, value, exists, mark: exists ? markOf(container, key) : undefined };
  }

  /**
   * The writable container for the last part of `parts`, creating missing
   * objects on the way; throws PathNotViable (28) when a value that can't hold
   * fields is in the way, as mongod does.
   */
  writable(parts: readonly string[]): { parent: Container; key: string } {
    let container: Container = this.root;
    let name = '';
    for (let i = 0; i < parts.length - 1; i++) {
      const part = parts[i] as string;
      this.checkField(container, name, part);
      const { value } = childOf(container, part);
      let next: Container;
      if (value === undefined) {
        next = {};
        this.assign(container, part, next);
      } else if (Array.isArray(value) || isPlainObject(value)) {
        next = this.fresh.has(value) ? value : copyContainer(value);
        if (next !== value) {
          this.assign(container, part, next);
        }
      } else {
        throw pathNotViable(
          `Cannot create field '${parts[i + 1] as string}' in element {${part}: ${formatValue(value)}}`,
        );
      }
      this.fresh.add(next);
      container = next;
      name = part;
    }
    const key = parts[parts.length - 1] as string;
    this.checkField(container, name, key);
    return { parent: container, key };
  }

  private checkField(container: Container, name: string, part: string): void {
    if (Array.isArray(container) && !isIndex(part)) {
      throw pathNotViable(`Cannot create field '${part}' in element {${name}: ${formatValue(container)}}`);
    }
  }

  /** Put a value (and its number mark) at `parent[key]`, padding arrays with nulls like mongod. */
  assign(parent: Container, key: string, value: unknown, mark?: NumberMark): void {
    if (Array.isArray(parent)) {
      const i = Number(key);
      while (parent.length < i) {
        parent.push(null);
      }
      parent[i] = value;
    } else {
      parent[key] = value;
    }
    if (mark) {
      setMark(parent, key, mark);
    } else {
      clearMark(parent, key);
    }
  }

  set(parts: readonly string[], value: unknown, mark?: NumberMark): void {
    const { parent, key } = this.writable(parts);
    this.assign(parent, key, value, mark);
  }

  /** $unset: remove a field; an array element becomes null. Returns whether anything changed. */
  unset(parts: readonly string[]): boolean {
    const found = this.get(parts);
    if (!found.exists) {
      return false;
    }
    const { parent, key } = this.writable(parts);
    if (Array.isArray(parent)) {
      if (parent[Number(key)] === null) {
        return false;
      }
      this.assign(parent, key, null);
    } else {
      delete parent[key];
      clearMark(parent, key);
    }
    return true;
  }

  /** A fresh (writable) copy of the array at `parts`, stored in place of the old one. */
  writableArray(parts: readonly string[], current: unknown[]): unknown[] {
    const { parent, key } = this.writable(parts);
    if (this.fresh.has(current)) {
      return current;
    }
    const copy = copyContainer(current);
    this.fresh.add(copy);
    this.assign(parent, key, copy);
    return copy;
  }
}
