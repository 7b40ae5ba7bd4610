import { access, constants, mkdir, opendir, readFile, rm, stat, writeFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  assertSafeKey,
  LIST_PAGE_SIZE,
  type FileContent,
  type FileStorage,
  type ListedFile,
  type StoredFile,
} from './file-storage';

const contentTypes: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.zip': 'application/zip',
  '.json': 'application/json',
};

export function contentTypeOf(key: string): string {
  return contentTypes[path.extname(key).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Where a file is written before it is renamed into place: beside it, under a name starting with a
 * dot, which `/files` refuses to serve. One left by a crash is an orphan the orphan-file sweep removes.
 */
export function temporaryFileOf(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID()}.tmp`);
}

/** Files on local disk under `root`, served by the service at `urlPrefix` (see `/files`). */
export class LocalFileStorage implements FileStorage {
  constructor(
    readonly root: string,
    private readonly urlPrefix: string,
  ) {}

  private resolve(key: string): string {
    assertSafeKey(key);
    const resolved = path.resolve(this.root, key);
    if (!resolved.startsWith(path.resolve(this.root) + path.sep)) {
      throw new Error(`storage key escapes the root: ${key}`);
    }
    return resolved;
  }

  async put(key: string, data: Buffer, contentType: string): Promise<StoredFile> {
    const file = this.resolve(key);
    await mkdir(path.dirname(file), { recursive: true });
    // write then rename: a reader never sees half a file
    const temporary = temporaryFileOf(file);
    try {
      await writeFile(temporary, data);
      await rename(temporary, file);
    } catch (error) {
      // a disk that filled up mid-write leaves part of a file: take it away, so nothing half-written stays
      await rm(temporary, { force: true }).catch(() => undefined);
      throw error;
    }
    return { key, size: data.length, contentType, url: this.url(key) };
  }

  async get(key: string): Promise<FileContent | null> {
    try {
      const data = await readFile(this.resolve(key));
      return { data, contentType: contentTypeOf(key), size: data.length };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return null;
      }
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.resolve(key), { force: true });
  }

  async deletePrefix(prefix: string): Promise<void> {
    await rm(this.resolve(prefix.replace(/\/$/, '')), { recursive: true, force: true });
  }

  async *list(prefix: string, pageSize = LIST_PAGE_SIZE): AsyncIterable<ListedFile[]> {
    // walk the deepest folder the prefix names, keeping the keys that start with the whole prefix
    const folder = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    let page: ListedFile[] = [];
    for await (const key of this.walk(folder)) {
      if (!key.startsWith(prefix)) {
        continue;
      }
      const stats = await stat(path.join(this.root, key)).catch(() => null);
      if (!stats?.isFile()) {
        // deleted since the folder was read
        continue;
      }
      page.push({ key, size: stats.size, modifiedAt: stats.mtime });
      if (page.length >= pageSize) {
        yield page;
        page = [];
      }
    }
    if (page.length > 0) {
      yield page;
    }
  }

  async stat(key: string): Promise<ListedFile | null> {
    const stats = await stat(this.resolve(key)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        return null;
      }
      throw error;
    });
    return stats?.isFile() ? { key, size: stats.size, modifiedAt: stats.mtime } : null;
  }

  /** The keys of every file under a folder (`''`: the root), read a directory entry at a time. */
  private async *walk(folder: string): AsyncGenerator<string> {
    const directory = folder === '' ? path.resolve(this.root) : this.resolve(folder);
    let entries;
    try {
      entries = await opendir(directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') {
        return;
      }
      throw error;
    }
    for await (const entry of entries) {
      const key = folder === '' ? entry.name : `${folder}/${entry.name}`;
      if (entry.isDirectory()) {
        yield* this.walk(key);
      } else if (entry.isFile()) {
        yield key;
      }
    }
  }

  url(key: string): string {
    assertSafeKey(key);
    return `${this.urlPrefix}/${key}`;
  }

  async ping(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    await access(this.root, constants.W_OK);
  }
}
