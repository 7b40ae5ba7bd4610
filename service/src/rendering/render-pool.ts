import { Worker } from 'node:worker_threads';
import type { Logger } from '../shared/logger';
import { renderMaster, type MasterImage } from './render-master';
import type { RenderTask, RenderTaskResult } from './render-worker';
import type { RenderRequest } from './types';

/**
 * Draws masters on a few worker threads so canvas work (50-300 ms for a full-screen scene) neither
 * blocks the service's event loop nor waits in line behind other renders. Workers start on first
 * use and hold the process open only while they have work. With `threads: 0` it draws inline.
 */
export class RenderPool {
  private readonly idle: PoolWorker[] = [];
  private readonly all = new Set<PoolWorker>();
  private readonly queue: QueuedTask[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly threads: number,
    private readonly logger: Logger,
  ) {}

  render(request: RenderRequest, signal?: AbortSignal): Promise<MasterImage> {
    signal?.throwIfAborted();
    if (this.closed) {
      return Promise.reject(new Error('The render pool is closed'));
    }
    if (this.threads <= 0) {
      return renderMaster(request);
    }
    return new Promise<MasterImage>((resolve, reject) => {
      const task: QueuedTask = { id: this.nextId++, request, resolve, reject, signal };
      if (signal) {
        // a queued task is dropped; a running one finishes on its thread and is ignored
        task.onAbort = () => {
          const index = this.queue.indexOf(task);
          if (index >= 0) {
            this.queue.splice(index, 1);
          }
          reject(signal.reason instanceof Error ? signal.reason : new Error('The render was aborted'));
        };
        signal.addEventListener('abort', task.onAbort, { once: true });
      }
      this.queue.push(task);
      this.dispatch();
    });
  }

  /** Stops every worker; pending renders fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) {
      settle(task, () => task.reject(new Error('The render pool closed')));
    }
    await Promise.all([...this.all].map(async (worker) => worker.thread.terminate()));
    this.all.clear();
    this.idle.length = 0;
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const worker = this.idle.pop() ?? (this.all.size < this.threads ? this.spawn() : null);
      if (!worker) {
        return;
      }
      const task = this.queue.shift()!;
      worker.task = task;
      worker.thread.ref();
      const message: RenderTask = { id: task.id, request: task.request };
      worker.thread.postMessage(message);
    }
  }

  private spawn(): PoolWorker {
    const thread = new Worker(new URL('./render-worker-entry.mjs', import.meta.url), { execArgv: [] });
    const worker: PoolWorker = { thread, task: null };
    this.all.add(worker);
    thread.on('message', (result: RenderTaskResult) => {
      const task = worker.task;
      worker.task = null;
      thread.unref();
      this.idle.push(worker);
      if (task && task.id === result.id) {
        settle(task, () => {
          if (result.ok) {
            task.resolve({
              image: { width: result.width, height: result.height, data: result.data },
              pixelArt: result.pixelArt,
              text: result.text,
            });
          } else {
            task.reject(new Error(`Rendering failed: ${result.message}`));
          }
        });
      }
      this.dispatch();
    });
    const fail = (error: Error): void => {
      this.all.delete(worker);
      const index = this.idle.indexOf(worker);
      if (index >= 0) {
        this.idle.splice(index, 1);
      }
      if (worker.task) {
        const task = worker.task;
        worker.task = null;
        settle(task, () => task.reject(error));
      }
      if (!this.closed) {
        this.logger.error({ err: error }, 'render worker stopped');
        this.dispatch();
      }
    };
    thread.on('error', fail);
    thread.on('exit', (code) => {
      if (this.all.has(worker)) {
        fail(new Error(`Render worker exited with code ${code}`));
      }
    });
    return worker;
  }
}

interface QueuedTask {
  id: number;
  request: RenderRequest;
  resolve: (master: MasterImage) => void;
  reject: (error: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort?: () => void;
}

interface PoolWorker {
  thread: Worker;
  task: QueuedTask | null;
}

/** Runs `outcome` unless the task was already aborted, and stops listening for the abort. */
function settle(task: QueuedTask, outcome: () => void): void {
  if (task.onAbort) {
    task.signal?.removeEventListener('abort', task.onAbort);
  }
  if (!task.signal?.aborted) {
    outcome();
  }
}
