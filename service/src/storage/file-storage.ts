/** A stored file's location and size. */
export interface StoredFile {
  /** Storage key, e.g. `users/<user id>/assets/<asset id>/112x112.png`. */
  key: string;
  size: number;
  contentType: string;
  /** URL a browser can load the file from. */
  url: string;
}

/** A file as a listing shows it. */
export interface ListedFile {
  key: string;
  size: number;
  /** When the file was last written (a rewrite under the same key renews it). */
  modifiedAt: Date;
}

export interface FileContent {
  data: Buffer;
  contentType: string;
  size: number;
}

/**
 * Where uploads and generated assets live. Every file goes through this interface: local disk under
 * the data folder by default, an S3-compatible bucket behind `STORAGE_DRIVER=s3`.
 */
export interface FileStorage {
  put(key: string, data: Buffer, contentType: string): Promise<StoredFile>;
  get(key: string): Promise<FileContent | null>;
  delete(key: string): Promise<void>;
  /** Removes every file whose key starts with `prefix` (a user's whole folder, say). */
  deletePrefix(prefix: string): Promise<void>;
  /**
   * Every file whose key starts with `prefix`, a page at a time (at most `pageSize` files a page),
   * in no particular order. Files written or deleted during the listing may or may not appear.
   */
  list(prefix: string, pageSize?: number): AsyncIterable<ListedFile[]>;
  /** One file's listing entry, or null when there is no file under `key`. */
  stat(key: string): Promise<ListedFile | null>;
  url(key: string): string;
  /** Throws unless the store can be reached and written to (readiness). */
  ping(): Promise<void>;
}

/** Files a listing page holds unless asked otherwise (S3's own maximum). */
export const LIST_PAGE_SIZE = 1000;

const safeKey = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;

/** Keys are built by our code, but are checked anyway so a bug can never escape the storage root. */
export function assertSafeKey(key: string): void {
  if (!safeKey.test(key) || key.split('/').some((part) => part === '' || part === '.' || part === '..')) {
    throw new Error(`unsafe storage key: ${key}`);
  }
}
