/**
 * find / findAndModify projections with MongoDB 4.4+ semantics: inclusion or
 * exclusion (never both, `_id` aside), `_id` first, `$slice` (alone it keeps
 * every other field), `$elemMatch`, the positional `.$`, `$meta`, and aggregation
 * expressions (through mingo). Copied values keep their BSON number types.
 */
import { evalExpr } from 'mingo/core';
import type { Options } from 'mingo/types';
import { ErrorCodes, MongoCommandError } from './errors';
import { FULL_OPTIONS } from './mingo-context';
import { copyContainer, markOf, setMark } from './number-types';
import { compileFilter, type QueryEnv } from './filter';
import { isPlainObject, type Document } from './types';
import { positionalMatcher } from './update/matching';

type Leaf =
  | { kind: 'include' }
  | { kind: 'exclude' }
  | { kind: 'slice'; skip: number; limit: number | undefined }
  | { kind: 'elemMatch'; test: (el: unknown) => boolean }
  | { kind: 'positional' }
  | { kind: 'meta'; name: string }
  | { kind: 'expr'; expr: unknown };
interface Tree {
  kind: 'tree';
  children: Map<string, Node>;
}
type Node = Leaf | Tree;

/** Values a projection can't compute itself ($meta). */
export interface ProjectionMeta {
  textScore?: (doc: Document) => number | undefined;
}

export type Projector = (doc: Document) => Document;

function projectionError(code: number, message: string): MongoCommandError {
  return new MongoCommandError(code, message, { codeName: `Location${code}` });
}

function parseLeaf(path: string, v: unknown, filter: Document, env: QueryEnv): Leaf {
  if (path.endsWith('.$')) {
    return { kind: 'positional' };
  }
  if (typeof v === 'number' || typeof v === 'boolean') {
    return v ? { kind: 'include' } : { kind: 'exclude' };
  }
  if (isPlainObject(v)) {
    if ('$slice' in v) {
      const s = v['$slice'];
      if (typeof s === 'number') {
        return s >= 0 ? { kind: 'slice', skip: 0, limit: s } : { kind: 'slice', skip: s, limit: undefined };
      }
      if (Array.isArray(s) && s.length === 2 && typeof s[0] === 'number' && typeof s[1] === 'number') {
        if (s[1] <= 0) {
          throw projectionError(28724, 'Second argument to $slice must be positive');
        }
        return { kind: 'slice', skip: s[0], limit: s[1] };
      }
      throw projectionError(28667, `Invalid $slice syntax: ${JSON.stringify(s)}`);
    }
    if ('$elemMatch' in v) {
      const q = v['$elemMatch'];
      if (!isPlainObject(q)) {
        throw new MongoCommandError(ErrorCodes.BadValue, '$elemMatch needs an Object');
      }
      const query = compileFilter({ el: { $elemMatch: q } }, env);
      return { kind: 'elemMatch', test: (el) => query.test({ el: [el] }) };
    }
    if ('$meta' in v) {
      return { kind: 'meta', name: String(v['$meta']) };
    }
  }
  return { kind: 'expr', expr: v };
}

function insert(tree: Tree, parts: string[], leaf: Leaf, path: string): void {
  let node = tree;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i] as string;
    let next = node.children.get(part);
    if (next && next.kind !== 'tree') {
      throw projectionError(31250, `Path collision at ${path}`);
    }
    if (!next) {
      next = { kind: 'tree', children: new Map() };
      node.children.set(part, next);
    }
    node = next;
  }
  const last = parts[parts.length - 1] as string;
  if (node.children.has(last)) {
    throw projectionError(31250, `Path collision at ${path}`);
  }
  node.children.set(last, leaf);
}

function copyField(src: Document, key: string, out: Document, value: unknown = src[key]): void {
  out[key] = value;
  const mark = markOf(src, key);
  if (mark && value === src[key]) {
    setMark(out, key, mark);
  }
}

function sliceArray(arr: unknown[], leaf: { skip: number; limit: number | undefined }): unknown[] {
  if (leaf.limit === undefined) {
    return arr.slice(Math.max(0, arr.length + leaf.skip));
  }
  const start = leaf.skip < 0 ? Math.max(0, arr.length + leaf.skip) : leaf.skip;
  return arr.slice(start, start + leaf.limit);
}

/** Compile a projection; `filter` and `env` serve `.$` and `$elemMatch`. */
export function compileProjection(
  spec: Document | undefined,
  filter: Document,
  env: QueryEnv,
  meta: ProjectionMeta = {},
): Projector | undefined {
  if (!spec || Object.keys(spec).length === 0) {
    return undefined;
  }
  const tree: Tree = { kind: 'tree', children: new Map() };
  let mode: 'include' | 'exclude' | undefined;
  let idLeaf: Leaf | undefined;
  let positionalPath: string[] | undefined;
  for (const [path, v] of Object.entries(spec)) {
    const leaf = parseLeaf(path, v, filter, env);
    if (path === '_id' && (leaf.kind === 'include' || leaf.kind === 'exclude')) {
      idLeaf = leaf;
      continue;
    }
    const decides =
      leaf.kind === 'include' ||
      leaf.kind === 'exclude' ||
      leaf.kind === 'expr' ||
      leaf.kind === 'positional' ||
      leaf.kind === 'elemMatch';
    if (decides) {
      const m = leaf.kind === 'exclude' ? 'exclude' : 'include';
      if (mode && mode !== m) {
        throw m === 'exclude'
          ? projectionError(31254, `Cannot do exclusion on field ${path} in inclusion projection`)
          : projectionError(31253, `Cannot do inclusion on field ${path} in exclusion projection`);
      }
      mode = m;
    }
    let parts = path.split('.');
    if (leaf.kind === 'positional') {
      if (positionalPath) {
        throw new MongoCommandError(ErrorCodes.BadValue, 'Cannot specify more than one positional proj. per query.');
      }
      parts = parts.slice(0, -1);
      positionalPath = parts;
    }
    insert(tree, parts, leaf, path);
  }
  const includeId = idLeaf?.kind !== 'exclude';
  const exclusion = mode !== 'include';
  const positional = positionalPath ? positionalMatcher(filter, env) : undefined;
  // evalExpr completes partial options itself.
  const options = { ...FULL_OPTIONS, ...(env.variables ? { variables: env.variables } : {}) } as Options;

  const applyLeaf = (root: Document, src: Document, key: string, leaf: Leaf, out: Document): void => {
    const value = src[key];
    switch (leaf.kind) {
      case 'include':
        if (key in src) {
          copyField(src, key, out);
        }
        return;
      case 'exclude':
        delete out[key];
        return;
      case 'slice':
        if (key in src) {
          copyField(src, key, out, Array.isArray(value) ? sliceArray(value, leaf) : value);
        }
        return;
      case 'elemMatch': {
        const hit = Array.isArray(value) ? (value as unknown[]).find((el) => leaf.test(el)) : undefined;
        if (hit !== undefined) {
          out[key] = [hit];
        } else {
          delete out[key];
        }
        return;
      }
      case 'positional': {
        const index = positional?.(root, positionalPath ?? []);
        if (!Array.isArray(value) || index === undefined) {
          throw projectionError(
            51246,
            "Executor error during find command :: caused by :: positional operator '.$' couldn't find a matching element in the array",
          );
        }
        out[key] = [value[index]];
        return;
      }
      case 'meta':
        if (leaf.name === 'textScore') {
          out[key] = meta.textScore?.(root);
        }
        return;
      case 'expr':
        out[key] = evalExpr(root, leaf.expr, options);
        return;
    }
  };

  const projectInclusive = (root: Document, src: Document, node: Tree): Document => {
    const out: Document = {};
    for (const key of Object.keys(src)) {
      const child = node.children.get(key);
      if (!child || child.kind === 'expr' || child.kind === 'meta') {
        continue;
      }
      if (child.kind !== 'tree') {
        applyLeaf(root, src, key, child, out);
        continue;
      }
      const value = src[key];
      if (isPlainObject(value)) {
        out[key] = projectInclusive(root, value, child);
      } else if (Array.isArray(value)) {
        out[key] = projectArray(root, value, child, projectInclusive);
      }
    }
    for (const [key, child] of node.children) {
      if (child.kind === 'expr' || child.kind === 'meta') {
        applyLeaf(root, src, key, child, out);
      }
    }
    return out;
  };

  const projectExclusive = (root: Document, src: Document, node: Tree): Document => {
    const out = copyContainer(src);
    for (const [key, child] of node.children) {
      const value = src[key];
      if (child.kind !== 'tree') {
        applyLeaf(root, src, key, child, out);
      } else if (isPlainObject(value)) {
        out[key] = projectExclusive(root, value, child);
      } else if (Array.isArray(value)) {
        out[key] = projectArray(root, value, child, projectExclusive);
      }
    }
    return out;
  };

  const projectArray = (
    root: Document,
    arr: unknown[],
    node: Tree,
    project: (root: Document, src: Document, node: Tree) => Document,
  ): unknown[] => {
    const out: unknown[] = [];
    for (const el of arr) {
      if (isPlainObject(el)) {
        out.push(project(root, el, node));
      } else if (Array.isArray(el)) {
        out.push(projectArray(root, el, node, project));
      } else if (exclusion) {
        out.push(el);
      }
    }
    return out;
  };

  return (doc) => {
    const body = exclusion ? projectExclusive(doc, doc, tree) : projectInclusive(doc, doc, tree);
    if (!includeId) {
      delete body['_id'];
      return body;
    }
    if (exclusion || !('_id' in doc)) {
      return body;
    }
    const out: Document = { _id: doc['_id'] };
    copyField(doc, '_id', out);
    for (const key of Object.keys(body)) {
      copyField(body, key, out);
    }
    return out;
  };
}
