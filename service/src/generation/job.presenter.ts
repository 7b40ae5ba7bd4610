import type { GenerationJob } from './generation-job.repository';
import type { JobResponse, PlatformContext } from '@aurastream/contract';
import type { StoredPlatformContext } from './generation-job.model';

function presentPlatformContext(context: StoredPlatformContext | null): PlatformContext | null {
  return context ? { ...context, captured_at: new Date(context.captured_at).toISOString() } : null;
}

/** Percent of a job's files that are finished, made or failed. */
export function progressOf(
  job: Pick<GenerationJob, 'total_assets' | 'completed_assets' | 'failed_assets' | 'status'>,
): number {
  if (job.total_assets <= 0) {
    return job.status === 'completed' ? 100 : 0;
  }
  return Math.min(100, Math.round(((job.completed_assets + job.failed_assets) / job.total_assets) * 100));
}

/** A job as its owner sees it: the spec's columns and its progress. */
export function presentJob(job: GenerationJob): JobResponse {
  return {
    id: job.id,
    user_id: job.user_id,
    parent_job_id: job.parent_job_id,
    status: job.status,
    job_type: job.job_type,
    asset_type: job.asset_type,
    pack_type: job.pack_type,
    custom_prompt: job.custom_prompt,
    brand_kit_id: job.brand_kit_id,
    platform_context: presentPlatformContext(job.platform_context),
    style_preset: job.style_preset,
    variations: job.variations,
    total_assets: job.total_assets,
    completed_assets: job.completed_assets,
    failed_assets: job.failed_assets,
    progress: progressOf(job),
    queued_at: job.queued_at.toISOString(),
    started_at: job.started_at?.toISOString() ?? null,
    completed_at: job.completed_at?.toISOString() ?? null,
    error_message: job.error_message,
    retry_count: job.retry_count,
    origin: job.origin ?? null,
    created_at: job.created_at.toISOString(),
    updated_at: job.updated_at.toISOString(),
  };
}
