import { toEntity } from '../db/model';
import type { UserId } from '../users/user.repository';
import type { JobStatus, JobType } from '@aurastream/contract';
import { afterPosition, type PagePosition } from '../assets/page-cursor';
import type { GenerationJobDocument, GenerationJobFields, GenerationJobModel } from './generation-job.model';

/** A generation job as the services see it. */
export interface GenerationJob extends Omit<GenerationJobFields, 'user_id'> {
  id: string;
  user_id: UserId;
}

export type NewGenerationJob = Omit<
  GenerationJobFields,
  | 'user_id'
  | 'status'
  | 'completed_assets'
  | 'failed_assets'
  | 'queued_at'
  | 'started_at'
  | 'completed_at'
  | 'error_message'
  | 'retry_count'
  | 'created_at'
  | 'updated_at'
> & { id: string };

export interface JobFilters {
  status?: JobStatus;
  asset_type?: string;
  job_type?: JobType;
  parent_job_id?: string;
}

/** How a job ended (or how far a pack's parent got). */
export interface JobOutcome {
  status: JobStatus;
  completed_assets: number;
  failed_assets: number;
  error_message: string | null;
  completed_at: Date | null;
}

export const ACTIVE_STATUSES: readonly JobStatus[] = ['queued', 'processing'];

export function isActive(status: JobStatus): boolean {
  return ACTIVE_STATUSES.includes(status);
}

function present(document: GenerationJobDocument): GenerationJob {
  return toEntity(document) as GenerationJob;
}

const active = { $in: ACTIVE_STATUSES as JobStatus[] };

/**
 * The `generation_jobs` collection. Every method takes the owner and puts it in the query, except
 * the analytics count, which says so in its name. Status changes are conditional on the status a
 * job is expected to be in, so a worker and a cancellation can never both win.
 */
export class GenerationJobRepository {
  constructor(private readonly model: GenerationJobModel) {}

  async createMany(owner: UserId, jobs: NewGenerationJob[]): Promise<GenerationJob[]> {
    const now = new Date();
    const created = await this.model.insertMany(
      jobs.map(({ id, ...fields }) => ({ _id: id, ...fields, user_id: owner, queued_at: now })),
    );
    return created.map((document) => present(document.toObject() as GenerationJobDocument));
  }

  async findById(owner: UserId, id: string): Promise<GenerationJob | null> {
    const document = await this.model.findOne({ _id: id, user_id: owner }).lean<GenerationJobDocument>();
    return document ? present(document) : null;
  }

  async list(owner: UserId, filters: JobFilters, limit: number, after: PagePosition | null): Promise<GenerationJob[]> {
    const query: Record<string, unknown> = { user_id: owner };
    for (const [field, value] of Object.entries(filters)) {
      if (value !== undefined) {
        query[field] = value;
      }
    }
    if (filters.parent_job_id === undefined && filters.job_type === undefined) {
      // a pack shows as its parent job; its items are listed through parent_job_id
      query.job_type = { $ne: 'pack_item' };
    }
    const documents = await this.model
      .find(after ? { ...query, ...afterPosition(after) } : query)
      .sort({ created_at: -1, _id: -1 })
      .limit(limit)
      .lean<GenerationJobDocument[]>();
    return documents.map(present);
  }

  /** A pack's items, in the order they were created. */
  async listChildren(owner: UserId, parentId: string): Promise<GenerationJob[]> {
    const documents = await this.model
      .find({ user_id: owner, parent_job_id: parentId })
      .sort({ created_at: 1, _id: 1 })
      .lean<GenerationJobDocument[]>();
    return documents.map(present);
  }

  /**
   * A worker takes the job: `processing`, `started_at` on the first run, `retry_count` + 1 on every
   * later one (a retry after a failure or after a lost worker). Null when it was cancelled meanwhile.
   */
  async markProcessing(owner: UserId, job: GenerationJob, now: Date): Promise<GenerationJob | null> {
    const update = job.started_at
      ? { $set: { status: 'processing' }, $inc: { retry_count: 1 } }
      : { $set: { status: 'processing', started_at: now } };
    const filter = job.started_at ? { status: active } : { status: active, started_at: null };
    const document = await this.model
      .findOneAndUpdate({ _id: job.id, user_id: owner, ...filter }, update, { returnDocument: 'after' })
      .lean<GenerationJobDocument>();
    return document ? present(document) : null;
  }

  /** Moves a queued pack parent to `processing` when its first item starts; null if it already moved. */
  async markParentProcessing(owner: UserId, id: string, startedAt: Date): Promise<GenerationJob | null> {
    const document = await this.model
      .findOneAndUpdate(
        { _id: id, user_id: owner, job_type: 'pack', status: 'queued' },
        { $set: { status: 'processing', started_at: startedAt } },
        { returnDocument: 'after' },
      )
      .lean<GenerationJobDocument>();
    return document ? present(document) : null;
  }

  /** Records how many files a running job has stored; null when the job is no longer processing. */
  async recordProgress(owner: UserId, id: string, completedAssets: number): Promise<GenerationJob | null> {
    const document = await this.model
      .findOneAndUpdate(
        { _id: id, user_id: owner, status: 'processing' },
        { $set: { completed_assets: completedAssets } },
        { returnDocument: 'after' },
      )
      .lean<GenerationJobDocument>();
    return document ? present(document) : null;
  }

  /** Ends an active job (or moves a pack's parent along); null when it had already ended. */
  async settle(
    owner: UserId,
    id: string,
    outcome: JobOutcome,
    extra: { started_at?: Date | null } = {},
  ): Promise<GenerationJob | null> {
    const set: Record<string, unknown> = { ...outcome };
    if (extra.started_at) {
      set.started_at = extra.started_at;
    }
    const document = await this.model
      .findOneAndUpdate({ _id: id, user_id: owner, status: active }, { $set: set }, { returnDocument: 'after' })
      .lean<GenerationJobDocument>();
    return document ? present(document) : null;
  }

  /** Corrects a pack parent's counts after it ended (items still finishing when it was cancelled). */
  async setCounts(owner: UserId, id: string, completedAssets: number, failedAssets: number): Promise<void> {
    await this.model.updateOne(
      { _id: id, user_id: owner },
      { $set: { completed_assets: completedAssets, failed_assets: failedAssets } },
    );
  }

  /** Cancels an active job; null when it had already ended (or is not the owner's). */
  async cancel(owner: UserId, id: string, now: Date): Promise<GenerationJob | null> {
    const document = await this.model
      .findOneAndUpdate(
        { _id: id, user_id: owner, status: active },
        { $set: { status: 'cancelled', completed_at: now } },
        { returnDocument: 'after' },
      )
      .lean<GenerationJobDocument>();
    return document ? present(document) : null;
  }

  /** Analytics, across users: jobs and stored files per asset type created in [from, to). */
  async countByAssetTypeForAnalytics(
    from: Date,
    to: Date,
  ): Promise<Array<{ asset_type: string; jobs: number; assets: number }>> {
    const rows = await this.model.aggregate<{ _id: string; jobs: number; assets: number }>([
      // a pack's parent would count its items twice
      { $match: { created_at: { $gte: from, $lt: to }, job_type: { $ne: 'pack' } } },
      { $group: { _id: '$asset_type', jobs: { $sum: 1 }, assets: { $sum: '$completed_assets' } } },
      { $sort: { _id: 1 } },
    ]);
    return rows.map((row) => ({ asset_type: row._id, jobs: row.jobs, assets: row.assets }));
  }

  async deleteAllForUser(owner: UserId): Promise<number> {
    const result = await this.model.deleteMany({ user_id: owner });
    return result.deletedCount;
  }
}
