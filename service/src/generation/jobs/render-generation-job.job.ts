import { exponential, type Agenda, type Job, type JobWithId } from 'agenda';
import type { Logger } from '../../shared/logger';
import type { UserId } from '../../users/user.repository';
import type { JobLifecycle } from '../job-lifecycle';
import type { GenerationJobRunner } from '../job-runner';
import { recordGenerationFailure } from '../../observability/metrics';

export const RENDER_GENERATION_JOB = 'generation.render-job';

/** Ids only: the job is read again when it runs. */
export interface RenderGenerationJobPayload {
  user_id: string;
  job_id: string;
}

export interface RenderJobPolicy {
  /** Retries after a failed run, with exponential backoff from `retryBaseMs`. */
  maxRetries: number;
  retryBaseMs: number;
  /** How long a worker may go silent before another one takes the job over. */
  lockLifetimeMs: number;
  /** Jobs of this type one worker runs at once (and may hold locked). */
  concurrency: number;
}

/**
 * Runs one generation job (a single request or a pack item). A failing run is retried with
 * exponential backoff; after the last one the job ends `failed`. A worker that dies mid-job stops
 * renewing its lock, and another worker runs the job again once the lock expires.
 */
export function defineRenderGenerationJob(
  scheduler: Agenda,
  deps: { runner: GenerationJobRunner; lifecycle: JobLifecycle; logger: Logger },
  policy: RenderJobPolicy,
): void {
  scheduler.define<RenderGenerationJobPayload>(
    RENDER_GENERATION_JOB,
    async (job: Job<RenderGenerationJobPayload>) => {
      const { user_id, job_id } = job.attrs.data;
      await deps.runner.run(user_id as UserId, job_id, { touch: () => job.touch() });
    },
    {
      backoff: exponential({ delay: policy.retryBaseMs, factor: 2, maxRetries: policy.maxRetries }),
      lockLifetime: policy.lockLifetimeMs,
      concurrency: policy.concurrency,
      // a few jobs wait locked in this worker, so a free slot starts the next one at once rather
      // than at the next poll; the rest stay free for other workers
      lockLimit: policy.concurrency * 2,
      removeOnComplete: true,
    },
  );
  scheduler.on(`retry exhausted:${RENDER_GENERATION_JOB}`, (error: Error, job: JobWithId) => {
    const { user_id, job_id } = job.attrs.data as RenderGenerationJobPayload;
    recordGenerationFailure('retries_exhausted');
    deps.lifecycle.giveUp(user_id as UserId, job_id, error).catch((giveUpError: unknown) => {
      deps.logger.error({ err: giveUpError, jobId: job_id }, 'could not mark a job failed after its last retry');
    });
  });
}

export async function enqueueRenderGenerationJob(
  scheduler: Agenda,
  payload: RenderGenerationJobPayload,
): Promise<void> {
  await scheduler.now(RENDER_GENERATION_JOB, payload);
}
