import { Agenda, type Job } from 'agenda';
import { currentRequestContext, runWithRequestContext } from '../observability/request-context';

/** The request that enqueued a job, kept in its payload (an id, like everything in a payload). */
export const REQUEST_ID_FIELD = 'request_id';

type DefineOptions = Parameters<Agenda['define']>[2];
type CallbackProcessor<DATA> = (job: Job<DATA>, done: (error?: Error) => void) => void;
type PromiseProcessor<DATA> = (job: Job<DATA>) => Promise<void>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Agenda that carries the request id into jobs: a job enqueued while a request is handled keeps
 * that request's id in its payload, and its run (in whichever process takes it) logs under it,
 * with the job's type and id. Recurring jobs without a payload run under their own job id only.
 */
export class TracedAgenda extends Agenda {
  private readonly stopHooks: Array<() => void> = [];

  /** Runs `hook` when the scheduler stops (e.g. to stop reporting its queue). */
  onStop(hook: () => void): void {
    this.stopHooks.push(hook);
  }

  override async stop(closeConnection?: boolean): Promise<void> {
    this.stopHooks.splice(0).forEach((hook) => hook());
    await super.stop(closeConnection);
  }

  override create(name: string, data?: unknown): Job<never> {
    const context = currentRequestContext();
    const traced =
      context && isPlainObject(data) && !(REQUEST_ID_FIELD in data)
        ? { ...data, [REQUEST_ID_FIELD]: context.request_id }
        : data;
    return super.create(name, traced) as Job<never>;
  }

  override define<DATA = unknown>(
    name: string,
    processor: CallbackProcessor<DATA> | PromiseProcessor<DATA>,
    options?: DefineOptions,
  ): void {
    const contextOf = (job: Job<DATA>) => {
      const data: unknown = job.attrs.data;
      const requestId = isPlainObject(data) ? data[REQUEST_ID_FIELD] : undefined;
      const jobId = job.attrs._id === undefined ? undefined : String(job.attrs._id);
      return {
        request_id: typeof requestId === 'string' ? requestId : `job:${jobId ?? name}`,
        job: name,
        job_id: jobId,
      };
    };
    // Agenda tells callback processors from promise ones by their arity: keep it
    if (processor.length >= 2) {
      const callback = processor as CallbackProcessor<DATA>;
      super.define<DATA>(
        name,
        (job, done) => runWithRequestContext(contextOf(job), () => callback(job, done)),
        options,
      );
      return;
    }
    const promised = processor as PromiseProcessor<DATA>;
    super.define<DATA>(name, (job) => runWithRequestContext(contextOf(job), () => promised(job)), options);
  }
}
