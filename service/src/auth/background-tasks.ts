import type { Logger } from '../shared/logger';

/**
 * Work that must not hold up (or show in the timing of) an answer, such as sending e-mail. A
 * failure is logged, never thrown at a caller; `drain()` waits for what is running at shutdown.
 */
export class BackgroundTasks {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  run(name: string, task: () => Promise<void>): void {
    const promise = (async () => {
      try {
        await task();
      } catch (error) {
        this.logger.error({ err: error, task: name }, 'background task failed');
      }
    })();
    this.running.add(promise);
    void promise.finally(() => this.running.delete(promise));
  }

  async drain(): Promise<void> {
    while (this.running.size > 0) {
      await Promise.allSettled([...this.running]);
    }
  }
}
