import type { FileOwnerName } from '../observability/metrics';

/**
 * A collection whose rows refer to stored files (assets, brand kit logos), as the orphan-file
 * sweep asks it: which folders are its own, and which of the files found there a row refers to.
 * Each file-owning feature builds one over its repository (`assets/asset-file-owner.ts`,
 * `brand-kits/logo-file-owner.ts`).
 */
export interface StoredFileOwner {
  /** For logs and the `owner` label of `aurastream_orphan_files_removed_total`. */
  readonly name: FileOwnerName;
  /** Whether `key` lies in this owner's folders: then only this owner says whether it is in use. */
  claims(key: string): boolean;
  /** Of `keys` (all claimed by this owner), those a row refers to; any other is an orphan. */
  referencedKeys(keys: string[]): Promise<Set<string>>;
}

/** The user id in a key under `users/<user id>/<folder>/`, or null when the key lies elsewhere. */
export function userIdInFolder(key: string, folder: string): string | null {
  const [root, userId, sub] = key.split('/', 3);
  return root === 'users' && userId && sub === folder ? userId : null;
}

/** Groups values by a key, keeping first-seen order. */
export function groupBy<T>(values: T[], keyOf: (value: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const value of values) {
    const key = keyOf(value);
    const group = groups.get(key);
    if (group) {
      group.push(value);
    } else {
      groups.set(key, [value]);
    }
  }
  return groups;
}
