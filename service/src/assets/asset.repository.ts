import { toEntity } from '../db/model';
import type { UserId } from '../users/user.repository';
import type { AnyAssetType } from '@aurastream/contract';
import type { AssetDocument, AssetFields, AssetModel } from './asset.model';
import { afterPosition, type PagePosition } from './page-cursor';

/** An asset as the services see it. */
export interface Asset extends Omit<AssetFields, 'user_id'> {
  id: string;
  user_id: UserId;
}

/** The fields the generation engine writes for one file; `created_at` and `is_public` keep their defaults. */
export type GeneratedAssetFields = Omit<AssetFields, 'user_id' | 'created_at' | 'is_public' | 'deleted_at'>;

export interface AssetFilters {
  asset_type?: AnyAssetType;
  brand_kit_id?: string;
  job_id?: string;
  is_public?: boolean;
}

function present(document: AssetDocument): Asset {
  return toEntity(document) as Asset;
}

const live = { deleted_at: null };

/**
 * The `assets` collection. Every method takes the owner and puts it in the query, except the two
 * that say otherwise in their names: the public lookup (anyone may read a public asset) and the
 * maintenance sweep of expired deletions.
 */
export class AssetRepository {
  constructor(private readonly model: AssetModel) {}

  /**
   * Writes generated files' rows (one round trip) under deterministic ids: a retried job rewrites
   * the same rows rather than adding more. The creation time and the visibility are set once.
   */
  async upsertGenerated(
    owner: UserId,
    rows: Array<{ id: string; is_public: boolean; fields: GeneratedAssetFields }>,
  ): Promise<void> {
    await this.model.bulkWrite(
      rows.map(({ id, is_public, fields }) => ({
        updateOne: {
          filter: { _id: id, user_id: owner },
          update: { $set: fields, $setOnInsert: { is_public, deleted_at: null } },
          upsert: true,
        },
      })),
      { ordered: true },
    );
  }

  async findById(owner: UserId, id: string): Promise<Asset | null> {
    const document = await this.model.findOne({ _id: id, user_id: owner, ...live }).lean<AssetDocument>();
    return document ? present(document) : null;
  }

  /** Live assets among `ids`, in the order of `ids`. */
  async findManyByIds(owner: UserId, ids: string[]): Promise<Asset[]> {
    const documents = await this.model.find({ _id: { $in: ids }, user_id: owner, ...live }).lean<AssetDocument[]>();
    const byId = new Map(documents.map((document) => [document._id, present(document)]));
    return ids.map((id) => byId.get(id)).filter((asset): asset is Asset => asset !== undefined);
  }

  /** Anyone's asset, if and only if it is public and not deleted (the public endpoint). */
  async findPublicById(id: string): Promise<Asset | null> {
    const document = await this.model.findOne({ _id: id, is_public: true, ...live }).lean<AssetDocument>();
    return document ? present(document) : null;
  }

  async list(owner: UserId, filters: AssetFilters, limit: number, after: PagePosition | null): Promise<Asset[]> {
    const query: Record<string, unknown> = { user_id: owner, ...live };
    for (const [field, value] of Object.entries(filters)) {
      if (value !== undefined) {
        query[field] = value;
      }
    }
    const documents = await this.model
      .find(after ? { ...query, ...afterPosition(after) } : query)
      .sort({ created_at: -1, _id: -1 })
      .limit(limit)
      .lean<AssetDocument[]>();
    return documents.map(present);
  }

  /** The live assets of some jobs, in the order they were made. */
  async listForJobs(owner: UserId, jobIds: string[]): Promise<Asset[]> {
    const documents = await this.model
      .find({ user_id: owner, job_id: { $in: jobIds }, ...live })
      .sort({ created_at: 1, _id: 1 })
      .lean<AssetDocument[]>();
    return documents.map(present);
  }

  /** Ids of every row of a job, deleted ones included (the engine must not remake those). */
  async idsForJob(owner: UserId, jobId: string): Promise<Set<string>> {
    const documents = await this.model
      .find({ user_id: owner, job_id: jobId }, { _id: 1 })
      .lean<Pick<AssetDocument, '_id'>[]>();
    return new Set(documents.map((document) => document._id));
  }

  /**
   * Sets the visibility; with `relocation`, also points the row at the file's new address, but only
   * if it still points at `relocation.from` (null otherwise, as for a missing asset).
   */
  async setVisibility(
    owner: UserId,
    id: string,
    isPublic: boolean,
    relocation?: { from: string; url: string; storage_path: string },
  ): Promise<Asset | null> {
    const document = await this.model
      .findOneAndUpdate(
        { _id: id, user_id: owner, ...live, ...(relocation ? { storage_path: relocation.from } : {}) },
        {
          $set: {
            is_public: isPublic,
            ...(relocation ? { url: relocation.url, storage_path: relocation.storage_path } : {}),
          },
        },
        { returnDocument: 'after' },
      )
      .lean<AssetDocument>();
    return document ? present(document) : null;
  }

  async softDelete(owner: UserId, id: string, at: Date): Promise<Asset | null> {
    const document = await this.model
      .findOneAndUpdate({ _id: id, user_id: owner, ...live }, { $set: { deleted_at: at } }, { returnDocument: 'after' })
      .lean<AssetDocument>();
    return document ? present(document) : null;
  }

  /** Undeletes an asset deleted at or after `deletedSince` (still within its grace period). */
  async restore(owner: UserId, id: string, deletedSince: Date): Promise<Asset | null> {
    const document = await this.model
      .findOneAndUpdate(
        { _id: id, user_id: owner, deleted_at: { $gte: deletedSince } },
        { $set: { deleted_at: null } },
        { returnDocument: 'after' },
      )
      .lean<AssetDocument>();
    return document ? present(document) : null;
  }

  /** A deleted asset whose grace period ended before `deletedBefore`. */
  async findExpiredDeletion(owner: UserId, id: string, deletedBefore: Date): Promise<Asset | null> {
    const document = await this.model
      .findOne({ _id: id, user_id: owner, deleted_at: { $ne: null, $lte: deletedBefore } })
      .lean<AssetDocument>();
    return document ? present(document) : null;
  }

  /** Maintenance: deletions whose grace period ended, across users, oldest first. */
  async listExpiredDeletionsForMaintenance(deletedBefore: Date, limit: number): Promise<Asset[]> {
    const documents = await this.model
      .find({ deleted_at: { $ne: null, $lte: deletedBefore } })
      .sort({ deleted_at: 1 })
      .limit(limit)
      .lean<AssetDocument[]>();
    return documents.map(present);
  }

  async deleteRows(owner: UserId, ids: string[]): Promise<number> {
    const result = await this.model.deleteMany({ _id: { $in: ids }, user_id: owner });
    return result.deletedCount;
  }

  async deleteAllForUser(owner: UserId): Promise<number> {
    const result = await this.model.deleteMany({ user_id: owner });
    return result.deletedCount;
  }
}
