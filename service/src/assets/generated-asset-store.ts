import { createHash, randomBytes } from 'node:crypto';
import type { FileStorage } from '../storage';
import type { UserId } from '../users/user.repository';
import type { AssetRepository, Asset, GeneratedAssetFields } from './asset.repository';
import type { GenerationParams } from '@aurastream/contract';

/** One rendered file the generation engine hands over, under the id it derived for it. */
export interface GeneratedFile extends Omit<
  GeneratedAssetFields,
  'url' | 'storage_path' | 'file_size' | 'generation_params'
> {
  id: string;
  /** Whether the file starts public (the streamer's own work) or private (a viewer's idea). */
  is_public: boolean;
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
  ) {}

  async save(owner: UserId, files: GeneratedFile[]): Promise<Asset[]> {
    // the files first: a row never points at a file that is not there
    const rows = await Promise.all(
      files.map(async ({ id, data, generation_params, is_public, ...fields }) => {
        const key = generatedFileKey(owner, fields.job_id, id, fields.format);
        const stored = await this.storage.put(key, data, contentTypes[fields.format]);
        const sha256 = createHash('sha256').update(data).digest('hex');
        return {
          id,
          is_public,
          fields: {
            ...fields,
            url: stored.url,
            storage_path: stored.key,
            file_size: stored.size,
            generation_params: { ...generation_params, sha256 },
          },
        };
      }),
    );
    await this.assets.upsertGenerated(owner, rows);
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
    await this.assets.deleteRows(
      owner,
      assets.map((asset) => asset.id),
    );
    for (const asset of assets) {
      if (asset.storage_path) {
        await this.storage.delete(asset.storage_path);
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
  async copyToNewAddress(asset: Pick<Asset, 'storage_path'>): Promise<{ url: string; storage_path: string } | null> {
    const content = asset.storage_path ? await this.storage.get(asset.storage_path) : null;
    if (!asset.storage_path || !content) {
      return null;
    }
    const stored = await this.storage.put(relocatedFileKey(asset.storage_path), content.data, content.contentType);
    return { url: stored.url, storage_path: stored.key };
  }

  async removeFile(key: string): Promise<void> {
    await this.storage.delete(key);
  }

  /** The bytes of an asset's file, or null when the file is gone. */
  async read(asset: Pick<Asset, 'storage_path'>): Promise<Buffer | null> {
    if (!asset.storage_path) {
      return null;
    }
    return (await this.storage.get(asset.storage_path))?.data ?? null;
  }
}
