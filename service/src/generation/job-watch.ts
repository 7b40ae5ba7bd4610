import type { Logger } from '../shared/logger';

export interface JobWatchOptions {
  intervalMs: number;
  /** Renews the job's lock; throws once the job system gave the job to another worker. */
  touch(): Promise<void>;
  /** Whether the job should still go on (false once cancelled or deleted). */
  isStillWanted(): Promise<boolean>;
  logger: Logger;
}

/**
 * Keeps a running job's lock alive and watches for a reason to stop (the owner cancelled, or the
 * lock was lost to another worker). Stopping aborts `signal`, which cuts an image request short.
 */
export class JobWatch {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private ticking = false;

  constructor(private readonly options: JobWatchOptions) {
    this.timer = setInterval(() => {
      if (!this.ticking && !this.abandoned) {
        this.ticking = true;
        void this.tick().finally(() => {
          this.ticking = false;
        });
      }
    }, options.intervalMs);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** True once the job is no longer this worker's to finish. */
  get abandoned(): boolean {
    return this.controller.signal.aborted;
  }

  abandon(reason: string): void {
    if (!this.abandoned) {
      this.controller.abort(new Error(reason));
    }
  }

  /** Asks now whether the job should go on; abandons it if not. Returns whether it goes on. */
  async check(): Promise<boolean> {
    if (!this.abandoned && !(await this.options.isStillWanted())) {
      this.abandon('the job was cancelled');
    }
    return !this.abandoned;
  }

  /** Stops watching (the run is over). */
  dispose(): void {
    clearInterval(this.timer);
  }

  private async tick(): Promise<void> {
    try {
      await this.options.touch();
    } catch (error) {
      this.options.logger.warn({ err: error }, 'lost the job lock; another worker will carry on');
      this.abandon('the job lock was lost');
      return;
    }
    try {
      if (!(await this.options.isStillWanted())) {
        this.abandon('the job was cancelled');
      }
    } catch (error) {
      // a failed status read is no reason to stop; the next tick asks again
      this.options.logger.warn({ err: error }, 'could not check the job status');
    }
  }
}
