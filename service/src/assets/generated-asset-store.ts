import { createHash, randomBytes } from 'node:crypto';
import type { FileStorage } from '../storage';
import type { UserId } from '../users/user.repository';
import type { AssetRepository, Asset, GeneratedAssetFields } from './asset.repository';
import type { GenerationParams } from '@aurastream/contract';
import { NEW_DESIGNS_ARE_PUBLIC } from './publication';
import { needsThumbnail, renderThumbnail, thumbnailKeyOf } from './thumbnails';

/** Where a file lives after a move. */
export interface FileAddress {
  url: string;
  storage_path: string;
  thumbnail_url: string | null;
}

/** One rendered file the generation engine hands over, under the id it derived for it. */
export interface GeneratedFile extends Omit<
  GeneratedAssetFields,
  'url' | 'storage_path' | 'thumbnail_url' | 'file_size' | 'generation_params'
> {
  id: string;
  data: Buffer;
  generation_params: Omit<GenerationParams, 'sha256'>;
}

const contentTypes = { png: 'image/png', jpeg: 'image/jpeg' } as const;
const extensions = { png: 'png', jpeg: 'jpg' } as const;

/** Where a generated file lives: under the owner's folder, grouped by job. */
export function generatedFileKey(owner: UserId, jobId: string, assetId: string, format: 'png' | 'jpeg'): string {
  return `users/${owner}/assets/${jobId}/${assetId}.${extensions[format]}`;
}

/**
 * The same file under a fresh random suffix (`<asset id>.<32 hex>.png`), replacing an earlier one:
 * the address of a file is its only secret, so a new address revokes every link to the old one.
 */
export function relocatedFileKey(key: string): string {
  const match = /^(.*\/[^/.]+)(?:\.[0-9a-f]{32})?(\.[a-z]+)$/.exec(key);
  if (!match) {
    throw new Error(`not a generated file key: ${key}`);
  }
  return `${match[1]}.${randomBytes(16).toString('hex')}${match[2]}`;
}

/** The folder holding every generated file of a user. */
export function generatedFilesPrefix(owner: UserId): string {
  return `users/${owner}/assets/`;
}

/**
 * The asset library's side of generation: stores rendered files and their rows, idempotently (a
 * retried job overwrites the same keys and rows), and takes them back when a job was cancelled
 * while they were being written.
 */
export class GeneratedAssetStore {
  constructor(
    private readonly assets: AssetRepository,
    private readonly storage: FileStorage,
    /** Told once rows were written or removed (cached answers listing them are out of date). */
    private readonly changed: (owner: UserId, assetIds: string[]) => Promise<void> = async () => undefined,
  ) {}

  async save(owner: UserId, files: GeneratedFile[]): Promise<Asset[]> {
    // the files first: a row never points at a file that is not there
    const rows = await Promise.all(
      files.map(async ({ id, data, generation_params, ...fields }) => {
        const key = generatedFileKey(owner, fields.job_id, id, fields.format);
        const stored = await this.storage.put(key, data, contentTypes[fields.format]);
        const thumbnail = needsThumbnail(fields.width, fields.height)
          ? await this.storage.put(thumbnailKeyOf(key), await renderThumbnail(data), 'image/webp')
          : null;
        const sha256 = createHash('sha256').update(data).digest('hex');
        return {
          id,
          is_public: NEW_DESIGNS_ARE_PUBLIC,
          fields: {
            ...fields,
            url: stored.url,
            storage_path: stored.key,
            thumbnail_url: thumbnail?.url ?? null,
            file_size: stored.size,
            generation_params: { ...generation_params, sha256 },
          },
        };
      }),
    );
    await this.assets.upsertGenerated(owner, rows);
    await this.changed(
      owner,
      rows.map((row) => row.id),
    );
    return this.assets.findManyByIds(
      owner,
      files.map((file) => file.id),
    );
  }

  /** Removes rows and files written for a job that was cancelled meanwhile. */
  async discard(owner: UserId, assets: Pick<Asset, 'id' | 'storage_path'>[]): Promise<void> {
    if (assets.length === 0) {
      return;
    }
    const ids = assets.map((asset) => asset.id);
    await this.assets.deleteRows(owner, ids);
    await this.changed(owner, ids);
    for (const asset of assets) {
      if (asset.storage_path) {
        await this.removeFile(asset.storage_path);
      }
    }
  }

  /** Ids already written for a job (deleted ones included), so a retry skips them. */
  async existingIds(owner: UserId, jobId: string): Promise<Set<string>> {
    return this.assets.idsForJob(owner, jobId);
  }

  async listForJobs(owner: UserId, jobIds: string[]): Promise<Asset[]> {
    return jobIds.length === 0 ? [] : this.assets.listForJobs(owner, jobIds);
  }

  /**
   * Copies an asset's file to a new, unguessable address (the old one stays until `removeFile`), so
   * that a row can be switched over before the old file goes. Null when the file is gone.
   */
  async copyToNewAddress(asset: Pick<Asset, 'storage_path' | 'thumbnail_url'>): Promise<FileAddress | null> {
    const content = asset.storage_path ? await this.storage.get(asset.storage_path) : null;
    if (!asset.storage_path || !content) {
      return null;
    }
    const stored = await this.storage.put(relocatedFileKey(asset.storage_path), content.data, content.contentType);
    // the thumbnail moves with its file: its address would give the picture away just as well
    const thumbnail = asset.thumbnail_url ? await this.storage.get(thumbnailKeyOf(asset.storage_path)) : null;
    const movedThumbnail = thumbnail
      ? await this.storage.put(thumbnailKeyOf(stored.key), thumbnail.data, thumbnail.contentType)
      : null;
    return { url: stored.url, storage_path: stored.key, thumbnail_url: movedThumbnail?.url ?? null };
  }

  /** Removes a file and its thumbnail, if it has one. */
  async removeFile(key: string): Promise<void> {
    await this.storage.delete(key);
    await this.storage.delete(thumbnailKeyOf(key));
  }

  /** The bytes of an asset's file, or null when the file is gone. */
  async read(asset: Pick<Asset, 'storage_path'>): Promise<Buffer | null> {
    if (!asset.storage_path) {
      return null;
    }
    return (await this.storage.get(asset.storage_path))?.data ?? null;
  }
}
