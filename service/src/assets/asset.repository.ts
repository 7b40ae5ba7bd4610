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

/** The fields the generation engine writes for one file; `created_at` and `is_public` are set once, on insert. */
export type GeneratedAssetFields = Omit<AssetFields, 'user_id' | 'created_at' | 'is_public' | 'deleted_at'>;

/** One design: a variation of a job, at every size it was made at. */
export interface DesignRef {
  job_id: string;
  variation: number;
}

/** How many designs a library holds, and how many of them viewers see. */
export interface DesignCounts {
  designs: number;
  published_designs: number;
}

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

  /** Every live file of the given designs, in no particular order. */
  async findDesignFiles(owner: UserId, designs: DesignRef[]): Promise<Asset[]> {
    if (designs.length === 0) {
      return [];
    }
    const documents = await this.model
      .find({
        user_id: owner,
        ...live,
        $or: designs.map((design) => ({ job_id: design.job_id, 'generation_params.variation': design.variation })),
      })
      .lean<AssetDocument[]>();
    return documents.map(present);
  }

  /** Makes files public in one write (publishing needs no move: private files' addresses are new already). */
  async publish(owner: UserId, ids: string[]): Promise<void> {
    await this.model.updateMany({ _id: { $in: ids }, user_id: owner, ...live }, { $set: { is_public: true } });
  }

  /**
   * Counts designs, not files: an emote is three files but one design. A design counts as published
   * when any of its files is public, as the panel shows it then.
   */
  async countDesigns(owner: UserId): Promise<DesignCounts> {
    const [counts] = await this.model.aggregate<DesignCounts>([
      { $match: { user_id: owner, ...live } },
      {
        $group: {
          _id: { job: '$job_id', variation: '$generation_params.variation' },
          published: { $max: { $cond: ['$is_public', 1, 0] } },
        },
      },
      { $group: { _id: null, designs: { $sum: 1 }, published_designs: { $sum: '$published' } } },
      { $project: { _id: 0, designs: 1, published_designs: 1 } },
    ]);
    return counts ?? { designs: 0, published_designs: 0 };
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

  /** The file of every row of some jobs, deleted ones included (their files stay until purged). */
  async filesOfJobs(owner: UserId, jobIds: string[]): Promise<Array<Pick<Asset, 'storage_path' | 'thumbnail_url'>>> {
    return this.model
      .find({ user_id: owner, job_id: { $in: jobIds } }, { _id: 0, storage_path: 1, thumbnail_url: 1 })
      .lean<Array<Pick<AssetDocument, 'storage_path' | 'thumbnail_url'>>>();
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
    relocation?: { from: string; url: string; storage_path: string; thumbnail_url: string | null },
  ): Promise<Asset | null> {
    const document = await this.model
      .findOneAndUpdate(
        { _id: id, user_id: owner, ...live, ...(relocation ? { storage_path: relocation.from } : {}) },
        {
          $set: {
            is_public: isPublic,
            ...(relocation
              ? { url: relocation.url, storage_path: relocation.storage_path, thumbnail_url: relocation.thumbnail_url }
              : {}),
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
