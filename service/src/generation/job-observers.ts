import type { Logger } from '../shared/logger';
import type { GenerationJob } from './generation-job.repository';

/**
 * What another feature hears of generation jobs without reaching into generation (the ideas
 * feature settles an idea when the job making it ends). Observers run in the process that moved
 * the job, usually a worker; one that throws is logged and never fails the job.
 */
export interface JobObserver {
  /** The job reached its final status (completed, failed or cancelled); awaited. */
  jobEnded?(job: GenerationJob): Promise<void>;
  /** The job moved (started, stored files); not awaited. */
  jobProgressed?(job: GenerationJob): void;
}

export class JobObservers {
  private readonly observers = new Set<JobObserver>();

  constructor(private readonly logger: Logger) {}

  /** Adds an observer; returns the function that removes it. */
  add(observer: JobObserver): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  async ended(job: GenerationJob): Promise<void> {
    for (const observer of [...this.observers]) {
      try {
        await observer.jobEnded?.(job);
      } catch (error) {
        this.logger.error({ err: error, jobId: job.id }, 'a job observer failed on the end of a job');
      }
    }
  }

  progressed(job: GenerationJob): void {
    for (const observer of [...this.observers]) {
      try {
        observer.jobProgressed?.(job);
      } catch (error) {
        this.logger.warn({ err: error, jobId: job.id }, 'a job observer failed on progress');
      }
    }
  }
}
