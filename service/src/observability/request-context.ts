import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What a log line should say about the work it belongs to: the request that started it (an HTTP
 * request, or the request that enqueued a job, possibly in another process) and the job running.
 */
export interface RequestContext {
  request_id: string;
  /** The job type and Agenda id, while a job runs. */
  job?: string;
  job_id?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The context of the code running now, if any. */
export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Runs `work` (and everything it starts) within `context`. */
export function runWithRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

/**
 * Runs the rest of an Express request within its request id (pino-http's `req.id`), so every log
 * line written for it, and every job it enqueues, carries the id.
 */
export function requestContextMiddleware(): (req: { id: unknown }, res: unknown, next: () => void) => void {
  return (req, _res, next) => {
    runWithRequestContext({ request_id: String(req.id) }, next);
  };
}
