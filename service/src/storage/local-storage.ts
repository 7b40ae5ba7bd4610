import { access, constants, mkdir, readFile, rm, writeFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { assertSafeKey, type FileContent, type FileStorage, type StoredFile } from './file-storage';

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
    const temporary = `${file}.${randomUUID()}.tmp`;
    await writeFile(temporary, data);
    await rename(temporary, file);
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

  url(key: string): string {
    assertSafeKey(key);
    return `${this.urlPrefix}/${key}`;
  }

  async ping(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    await access(this.root, constants.W_OK);
  }
}
