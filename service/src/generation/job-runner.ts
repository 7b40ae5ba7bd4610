import type { AnyAssetType } from '@aurastream/contract';
import type { GeneratedAssetStore, GeneratedFile } from '../assets/generated-asset-store';
import { dimensionsFor, type AssetDimensions } from '../rendering/dimensions';
import type { BrandStyle, ImageProvider, RenderRequest, RenderResult } from '../rendering/types';
import { ImageProviderError } from '../rendering/errors';
import type { Logger } from '../shared/logger';
import type { UserId } from '../users/user.repository';
import { generatedAssetId } from './asset-ids';
import type { BrandKitLookup } from './dependencies';
import { isActive, type GenerationJob, type GenerationJobRepository } from './generation-job.repository';
import type { JobEventPublisher } from './job-events';
import type { JobLifecycle } from './job-lifecycle';
import type { PackRollup } from './pack-rollup';
import { JobWatch } from './job-watch';
import { recordGenerationFailure } from '../observability/metrics';

/** A run of a job failed in a way worth another attempt (Agenda retries it with backoff). */
export class RetryableGenerationError extends Error {
  override readonly name = 'RetryableGenerationError';
}

export interface JobRunnerOptions {
  jobs: GenerationJobRepository;
  files: GeneratedAssetStore;
  provider: ImageProvider;
  brandKits: BrandKitLookup;
  lifecycle: JobLifecycle;
  packs: PackRollup;
  events: JobEventPublisher;
  /** Retries after the first run; the run numbered `maxRetries` records failures instead of retrying. */
  maxRetries: number;
  /** How often a running job renews its lock and checks for cancellation. */
  heartbeatMs: number;
  logger: Logger;
}

/** Why one variation could not be made, and whether another attempt could help. */
interface VariationFailure {
  message: string;
  retryable: boolean;
}

/** What the job system gives a run: renewing its lock (throws once the lock was lost). */
export interface RunControl {
  touch(): Promise<void>;
}

const DEFAULT_PROMPT = 'a clean, bold design for a Twitch channel';

/** A render that came back without the files its type needs. */
class InvalidRenderError extends Error {
  override readonly name = 'InvalidRenderError';
}

/** Checks a render covers every size of the type within its byte limit; returns the problem, if any. */
function problemWith(result: RenderResult, dimensions: AssetDimensions): string | null {
  for (const size of dimensions.sizes) {
    const file = result.files.find((candidate) => candidate.size_label === size.label);
    if (!file) {
      return `the renderer made no ${size.label} file`;
    }
    if (file.width !== size.width || file.height !== size.height) {
      return `the ${size.label} file is ${file.width}x${file.height}`;
    }
    if (file.data.length > dimensions.max_bytes) {
      return `the ${size.label} file is ${file.data.length} bytes, over the ${dimensions.max_bytes}-byte limit`;
    }
  }
  return null;
}

/**
 * Runs one job (a single request or a pack item): renders each variation at every size its type
 * needs, stores the files under ids derived from job, variation and size, and reports progress.
 * Re-running a job (retry, or another worker taking over a dead one) skips the variations already
 * stored, so nothing is made twice. A job cancelled meanwhile stops and keeps nothing more.
 */
export class GenerationJobRunner {
  constructor(private readonly options: JobRunnerOptions) {}

  async run(owner: UserId, jobId: string, control: RunControl): Promise<void> {
    const { jobs, lifecycle, events, packs } = this.options;
    const queued = await jobs.findById(owner, jobId);
    if (!queued || !isActive(queued.status) || queued.job_type === 'pack') {
      return;
    }
    const job = await jobs.markProcessing(owner, queued, new Date());
    if (!job) {
      return;
    }
    events.progress(job);
    if (job.parent_job_id) {
      await packs.itemStarted(owner, job.parent_job_id, job.started_at ?? new Date());
    }
    const dimensions = dimensionsFor(job.asset_type as AnyAssetType);
    const watch = new JobWatch({
      intervalMs: this.options.heartbeatMs,
      touch: () => control.touch(),
      isStillWanted: async () => (await jobs.findById(owner, jobId))?.status === 'processing',
      logger: this.options.logger,
    });
    let outcome: { failures: VariationFailure[]; stored: number };
    try {
      outcome = await this.renderVariations(job, dimensions, watch);
    } finally {
      watch.dispose();
    }
    if (watch.abandoned) {
      // cancelled: the cancellation already ended the job; a lost lock: another worker carries on
      return;
    }
    const { failures, stored } = outcome;
    const final = job.retry_count >= this.options.maxRetries;
    if (!final && failures.some((failure) => failure.retryable)) {
      throw new RetryableGenerationError(failures.map((failure) => failure.message).join('; '));
    }
    const failedVariations = failures.length;
    await lifecycle.end(owner, jobId, {
      status: stored > 0 ? 'completed' : 'failed',
      completed_assets: stored,
      failed_assets: failedVariations * dimensions.sizes.length,
      error_message:
        failedVariations > 0
          ? `${failedVariations} of ${job.variations} variations failed: ${failures[0]?.message ?? ''}`.slice(0, 1000)
          : null,
    });
  }

  /**
   * Renders and stores what is missing; returns why variations failed (empty when none did) and
   * how many files the job has stored in all.
   */
  private async renderVariations(
    job: GenerationJob,
    dimensions: AssetDimensions,
    watch: JobWatch,
  ): Promise<{ failures: VariationFailure[]; stored: number }> {
    const { files, jobs, events, logger } = this.options;
    const owner = job.user_id;
    const existing = await files.existingIds(owner, job.id);
    const brand = job.brand_kit_id ? await this.options.brandKits.styleOf(owner, job.brand_kit_id) : null;
    const failures: VariationFailure[] = [];
    let attempted = 0;
    for (let variation = 0; variation < job.variations; variation += 1) {
      const ids = dimensions.sizes.map((size) => generatedAssetId(job.id, variation, size.label));
      if (ids.every((id) => existing.has(id))) {
        continue;
      }
      // the job was just marked processing; before each later variation, ask again
      if (attempted > 0 && !(await watch.check())) {
        break;
      }
      attempted += 1;
      let result: RenderResult;
      try {
        result = await this.options.provider.render(this.requestFor(job, variation, brand), watch.signal);
        const problem = problemWith(result, dimensions);
        if (problem) {
          throw new InvalidRenderError(problem);
        }
      } catch (error) {
        if (watch.abandoned) {
          break;
        }
        logger.warn({ err: error, jobId: job.id, variation }, 'a variation failed to render');
        recordGenerationFailure(
          error instanceof ImageProviderError
            ? error.code
            : error instanceof InvalidRenderError
              ? 'invalid_render'
              : 'render_error',
        );
        failures.push({
          message: error instanceof Error ? error.message : String(error),
          // a refused prompt or a rejected key fails the same way every time
          retryable: !(error instanceof ImageProviderError) || error.retryable,
        });
        continue;
      }
      const saved = await files.save(owner, this.filesFor(job, dimensions, variation, result));
      ids.forEach((id) => existing.add(id));
      const progressed = await jobs.recordProgress(owner, job.id, existing.size);
      if (!progressed) {
        // cancelled while this variation was being stored: it must not outlive the cancellation
        await files.discard(owner, saved);
        watch.abandon('the job was cancelled');
        break;
      }
      events.progress(progressed, saved);
    }
    return { failures, stored: existing.size };
  }

  private requestFor(job: GenerationJob, variation: number, brand: BrandStyle | null): RenderRequest {
    const channel = job.platform_context;
    return {
      asset_type: job.asset_type as AnyAssetType,
      prompt: job.custom_prompt ?? DEFAULT_PROMPT,
      style_preset: job.style_preset,
      text: null,
      variation,
      seed: job.id,
      brand,
      channel: channel
        ? { broadcaster_name: channel.broadcaster_name, category_name: channel.category_name, title: channel.title }
        : null,
    };
  }

  private filesFor(
    job: GenerationJob,
    dimensions: AssetDimensions,
    variation: number,
    result: RenderResult,
  ): GeneratedFile[] {
    return dimensions.sizes.map((size) => {
      const file = result.files.find((candidate) => candidate.size_label === size.label);
      if (!file) {
        throw new Error(`missing ${size.label}`);
      }
      const origin = job.origin;
      return {
        id: generatedAssetId(job.id, variation, size.label),
        job_id: job.id,
        brand_kit_id: job.brand_kit_id,
        asset_type: job.asset_type as AnyAssetType,
        width: file.width,
        height: file.height,
        format: file.format,
        data: file.data,
        prompt_used: result.prompt_used,
        viral_score: result.legibility ? Math.round(Math.min(100, Math.max(0, result.legibility.score))) : null,
        generation_params: {
          provider: result.provider,
          // a viewer's idea is always labelled AI-made for the audience it is shown to; the built-in
          // renderer stands in for the image model where no key is configured
          ai_generated: result.provider === 'openai' || origin !== null,
          model: result.model,
          style_preset: job.style_preset,
          variation: variation + 1,
          size_label: size.label,
          twitch_asset_type: dimensions.twitch_asset_type,
          pack_type: job.pack_type,
          legibility_explanation: result.legibility?.explanation ?? null,
          ...(origin
            ? {
                credit: {
                  idea_id: origin.idea_id,
                  idea_number: origin.idea_number,
                  viewer_display_name: origin.viewer_display_name,
                  source: origin.source,
                },
              }
            : {}),
          // what the streamer typed, shown instead of the prompt composed for the renderer
          request_prompt: job.custom_prompt,
        },
      };
    });
  }
}
