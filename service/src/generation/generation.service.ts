import { randomUUID } from 'node:crypto';
import type { Actor } from '../auth/actor';
import {
  type AnyAssetType,
  type PackType,
  type StylePreset,
  type TwitchAssetType,
  PACK_CONTENTS,
  PACK_JOB_ASSET_TYPE,
  type ListJobsQuery,
  type JobOrigin,
} from '@aurastream/contract';
import type { Asset } from '../assets/asset.repository';
import type { GeneratedAssetStore } from '../assets/generated-asset-store';
import { decodePageCursor, toPage } from '../assets/page-cursor';
import { dimensionsFor } from '../rendering/dimensions';
import { ConflictError, NotFoundError, ServiceUnavailableError } from '../shared/errors';
import type { Logger } from '../shared/logger';
import type { UserId } from '../users/user.repository';
import type { BrandKitLookup } from './dependencies';
import type { StoredPlatformContext } from './generation-job.model';
import {
  isActive,
  type GenerationJob,
  type GenerationJobRepository,
  type NewGenerationJob,
} from './generation-job.repository';
import { progressOf } from './job.presenter';
import type { JobLifecycle } from './job-lifecycle';
import type { MonthlyQuota } from './monthly-quota';
import type { PlatformContextReader } from './platform-context';

/** Hands a job to the workers (Agenda); payloads carry ids only. */
export type EnqueueJob = (payload: { user_id: string; job_id: string }) => Promise<void>;

export interface GenerationRequest {
  asset_type: AnyAssetType;
  custom_prompt: string;
  brand_kit_id?: string | null;
  style_preset?: StylePreset | null;
  variations: number;
  /** A viewer's idea the job makes: its assets start private, labelled AI-made, crediting the viewer. */
  origin?: JobOrigin | null;
}

/** Whose quota, tier and brand kit a job uses: the streamer, whoever asked (a moderator approving an idea). */
export type Requester = Pick<Actor, 'id' | 'tier'>;

export interface PackRequest {
  pack_type: PackType;
  custom_prompt?: string | null;
  brand_kit_id?: string | null;
  style_preset?: StylePreset | null;
}

/** A pack's parent job with its items, each with the assets it made so far. */
export interface PackView {
  job: GenerationJob;
  pack_type: PackType;
  items: Array<{ asset_type: TwitchAssetType; job: GenerationJob; assets: Asset[] }>;
}

export interface GenerationServiceOptions {
  jobs: GenerationJobRepository;
  files: GeneratedAssetStore;
  quota: MonthlyQuota;
  brandKits: BrandKitLookup;
  platformContext: PlatformContextReader;
  lifecycle: JobLifecycle;
  enqueue: EnqueueJob;
  logger: Logger;
}

const jobNotFound = () => new NotFoundError('The job', 'job_not_found');
const packNotFound = () => new NotFoundError('The pack', 'pack_not_found');

/**
 * What a streamer asks of generation: queue jobs (after the brand kit and quota checks), follow
 * them, cancel them, and read packs. The work itself happens in the workers (GenerationJobRunner).
 */
export class GenerationService {
  constructor(private readonly options: GenerationServiceOptions) {}

  /** Queues one request (`POST /generate`, `POST /twitch/generate`); answers the queued job. */
  async generate(actor: Requester, request: GenerationRequest): Promise<GenerationJob> {
    const prepared = await this.prepare(actor, request.brand_kit_id ?? null);
    const reservation = await this.options.quota.reserve(actor, request.variations);
    const job: NewGenerationJob = {
      id: randomUUID(),
      parent_job_id: null,
      job_type: 'single',
      asset_type: request.asset_type,
      pack_type: null,
      custom_prompt: request.custom_prompt,
      brand_kit_id: prepared.brandKitId,
      platform_context: prepared.platformContext,
      style_preset: request.style_preset ?? null,
      variations: request.variations,
      total_assets: request.variations * dimensionsFor(request.asset_type).sizes.length,
      quota_month: reservation.month,
      quota_units: request.variations,
      origin: request.origin ?? null,
    };
    const [created] = await this.createAndQueue(actor.id, [job], [job], reservation.month, request.variations);
    if (!created) {
      throw new Error('the job was not created');
    }
    return created;
  }

  /** Queues a pack: a parent job and one item job per type the pack holds. */
  async createPack(actor: Requester, request: PackRequest): Promise<PackView> {
    const prepared = await this.prepare(actor, request.brand_kit_id ?? null);
    const types = PACK_CONTENTS[request.pack_type];
    const reservation = await this.options.quota.reserve(actor, types.length);
    const parentId = randomUUID();
    const common = {
      pack_type: request.pack_type,
      custom_prompt: request.custom_prompt ?? null,
      brand_kit_id: prepared.brandKitId,
      platform_context: prepared.platformContext,
      style_preset: request.style_preset ?? null,
      variations: 1,
      origin: null,
    };
    const items: NewGenerationJob[] = types.map((assetType) => ({
      ...common,
      id: randomUUID(),
      parent_job_id: parentId,
      job_type: 'pack_item',
      asset_type: assetType,
      total_assets: dimensionsFor(assetType).sizes.length,
      quota_month: reservation.month,
      quota_units: 1,
    }));
    const parent: NewGenerationJob = {
      ...common,
      id: parentId,
      parent_job_id: null,
      job_type: 'pack',
      asset_type: PACK_JOB_ASSET_TYPE,
      total_assets: items.reduce((sum, item) => sum + item.total_assets, 0),
      // the items carry the reservation, so each gives back its own share
      quota_month: null,
      quota_units: 0,
    };
    const created = await this.createAndQueue(actor.id, [parent, ...items], items, reservation.month, types.length);
    const [createdParent, ...createdItems] = created;
    if (!createdParent) {
      throw new Error('the pack was not created');
    }
    return this.packViewOf(createdParent, createdItems, []);
  }

  async list(owner: UserId, query: ListJobsQuery): Promise<{ items: GenerationJob[]; next_cursor: string | null }> {
    const after = query.cursor ? decodePageCursor(query.cursor) : null;
    const filters = {
      status: query.status,
      asset_type: query.asset_type,
      job_type: query.job_type,
      parent_job_id: query.parent_job_id,
    };
    return toPage(await this.options.jobs.list(owner, filters, query.limit + 1, after), query.limit);
  }

  async get(owner: UserId, id: string): Promise<GenerationJob> {
    const job = await this.options.jobs.findById(owner, id);
    if (!job) {
      throw jobNotFound();
    }
    return job;
  }

  /** The assets a job made; for a pack, every item's. */
  async assetsOf(owner: UserId, id: string): Promise<Asset[]> {
    const job = await this.get(owner, id);
    const jobIds =
      job.job_type === 'pack' ? (await this.options.jobs.listChildren(owner, id)).map((item) => item.id) : [job.id];
    return this.options.files.listForJobs(owner, jobIds);
  }

  async cancel(owner: UserId, id: string): Promise<GenerationJob> {
    return this.options.lifecycle.cancel(owner, await this.get(owner, id));
  }

  async getPack(owner: UserId, id: string): Promise<PackView> {
    const job = await this.options.jobs.findById(owner, id);
    if (!job || job.job_type !== 'pack') {
      throw packNotFound();
    }
    const items = await this.options.jobs.listChildren(owner, id);
    const assets = await this.options.files.listForJobs(
      owner,
      items.map((item) => item.id),
    );
    return this.packViewOf(job, items, assets);
  }

  /** A pack's files for its zip; 409 `pack_not_ready` until it has ended with something in it. */
  async packDownload(
    owner: UserId,
    id: string,
  ): Promise<{ pack: PackView; files: Array<{ asset: Asset; data: Buffer }> }> {
    const pack = await this.getPack(owner, id);
    const assets = pack.items.flatMap((item) => item.assets);
    if (isActive(pack.job.status) || assets.length === 0) {
      throw new ConflictError(
        'pack_not_ready',
        isActive(pack.job.status) ? 'The pack is still being made' : 'The pack has no assets to download',
        { status: pack.job.status, progress: progressOf(pack.job) },
      );
    }
    const files: Array<{ asset: Asset; data: Buffer }> = [];
    for (const asset of assets) {
      const data = await this.options.files.read(asset);
      if (data) {
        files.push({ asset, data });
      }
    }
    return { pack, files };
  }

  private packViewOf(job: GenerationJob, items: GenerationJob[], assets: Asset[]): PackView {
    const packType = job.pack_type ?? 'starter';
    const order = PACK_CONTENTS[packType];
    const sorted = [...items].sort(
      (a, b) => order.indexOf(a.asset_type as TwitchAssetType) - order.indexOf(b.asset_type as TwitchAssetType),
    );
    return {
      job,
      pack_type: packType,
      items: sorted.map((item) => ({
        asset_type: item.asset_type as TwitchAssetType,
        job: item,
        assets: assets.filter((asset) => asset.job_id === item.id),
      })),
    };
  }

  /** Resolves the brand kit (404 before anything is reserved) and the Twitch context. */
  private async prepare(
    actor: Requester,
    brandKitId: string | null,
  ): Promise<{ brandKitId: string | null; platformContext: StoredPlatformContext | null }> {
    const kit = await this.options.brandKits.kitForGeneration(actor.id, brandKitId);
    const platformContext = await this.options.platformContext.read(actor.id);
    return { brandKitId: kit?.id ?? null, platformContext };
  }

  /**
   * Stores the jobs and queues the runnable ones. On failure the reservation is given back and no
   * job is left waiting for a worker that will never come.
   */
  private async createAndQueue(
    owner: UserId,
    jobs: NewGenerationJob[],
    runnable: NewGenerationJob[],
    month: string,
    units: number,
  ): Promise<GenerationJob[]> {
    let created: GenerationJob[];
    try {
      created = await this.options.jobs.createMany(owner, jobs);
    } catch (error) {
      await this.options.quota.release(owner, month, units);
      throw error;
    }
    try {
      for (const job of runnable) {
        await this.options.enqueue({ user_id: owner, job_id: job.id });
      }
    } catch (error) {
      this.options.logger.error({ err: error }, 'could not queue generation jobs');
      // items before their pack's parent, so the parent ends summing them up
      for (const job of [...created].reverse()) {
        await this.options.lifecycle
          .end(owner, job.id, {
            status: 'failed',
            completed_assets: 0,
            failed_assets: job.total_assets,
            error_message: 'The job could not be queued',
          })
          .catch((endError: unknown) => this.options.logger.error({ err: endError }, 'could not end an unqueued job'));
      }
      throw new ServiceUnavailableError('queue_unavailable', 'Generation is unavailable right now; try again shortly');
    }
    return created;
  }
}
