/** A stored file's location and size. */
export interface StoredFile {
  /** Storage key, e.g. `users/<user id>/assets/<asset id>/112x112.png`. */
  key: string;
  size: number;
  contentType: string;
  /** URL a browser can load the file from. */
  url: string;
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
  url(key: string): string;
  /** Throws unless the store can be reached and written to (readiness). */
  ping(): Promise<void>;
}

const safeKey = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;

/** Keys are built by our code, but are checked anyway so a bug can never escape the storage root. */
export function assertSafeKey(key: string): void {
  if (!safeKey.test(key) || key.split('/').some((part) => part === '' || part === '.' || part === '..')) {
    throw new Error(`unsafe storage key: ${key}`);
  }
}
