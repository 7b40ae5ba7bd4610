import type { Asset } from '../assets/asset.repository';
import { presentAsset } from '../assets/asset.presenter';
import type { RealtimePublisher } from '../realtime/realtime-publisher';
import type { GenerationJob } from './generation-job.repository';
import type { JobObservers } from './job-observers';
import { presentJob } from './job.presenter';
import { realtimeJobEvents, type JobEvent } from '@aurastream/contract';

/** Tells a job's owner, in real time, how it is going: `job.progress`, `job.completed`, `job.failed`. */
export class JobEventPublisher {
  constructor(
    private readonly realtime: RealtimePublisher,
    private readonly observers: Pick<JobObservers, 'progressed'>,
  ) {}

  private publish(event: string, job: GenerationJob, newAssets: Asset[]): void {
    const payload: JobEvent = { job: presentJob(job), new_assets: newAssets.map(presentAsset) };
    this.realtime.publishToUser(job.user_id, event, payload);
  }

  /** The job moved (started, stored files, was cancelled). */
  progress(job: GenerationJob, newAssets: Asset[] = []): void {
    this.publish(realtimeJobEvents.progress, job, newAssets);
    this.observers.progressed(job);
  }

  /** The job reached its final status. */
  ended(job: GenerationJob): void {
    switch (job.status) {
      case 'completed':
        this.publish(realtimeJobEvents.completed, job, []);
        return;
      case 'failed':
        this.publish(realtimeJobEvents.failed, job, []);
        return;
      case 'cancelled':
      case 'queued':
      case 'processing':
        this.publish(realtimeJobEvents.progress, job, []);
        return;
    }
  }
}
