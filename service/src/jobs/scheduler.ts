import { InMemoryNotificationChannel, type Agenda } from 'agenda';
import { MongoBackend } from '@agendajs/mongo-backend';
import type { Connection } from 'mongoose';
import type { Logger } from '../shared/logger';
import { observeJobs } from '../observability/job-metrics';
import { TracedAgenda } from './traced-agenda';

/**
 * The Agenda scheduler on the service's MongoDB. Jobs are locked with a lifetime, so a job whose
 * worker died is picked up again by another worker once the lock expires. Jobs carry the request id
 * of the request that enqueued them (`TracedAgenda`) and report their durations and the queue's
 * depth as metrics until the scheduler stops.
 */
export function createScheduler(options: {
  connection: Connection;
  name: string;
  logger: Logger;
  lockLifetimeMs: number;
  maxConcurrency: number;
  processEvery?: string;
}): Agenda {
  const db = options.connection.db;
  if (!db) {
    throw new Error('the MongoDB connection is not open');
  }
  const scheduler = new TracedAgenda({
    name: options.name,
    backend: new MongoBackend({ mongo: db, collection: 'agenda_jobs' }),
    // jobs enqueued by this process start at once instead of at the next poll; other processes'
    // jobs (a separate `npm run worker`) are still found by polling
    notificationChannel: new InMemoryNotificationChannel(),
    processEvery: options.processEvery ?? '1 second',
    maxConcurrency: options.maxConcurrency,
    defaultConcurrency: options.maxConcurrency,
    defaultLockLifetime: options.lockLifetimeMs,
  });
  scheduler.on('error', (error: unknown) => options.logger.error({ err: error }, 'scheduler error'));
  scheduler.on('fail', (error: unknown, job: { attrs: { name: string } }) =>
    options.logger.warn({ err: error, job: job.attrs.name }, 'job failed'),
  );
  scheduler.onStop(observeJobs(scheduler, db));
  return scheduler;
}

/**
 * A recurring job that also runs at each start (Twitch asks to validate tokens at start and
 * hourly; subscriptions are reconciled at start). Agenda's `every` keeps a job's existing next run
 * when another process (or an earlier start) made it, so the start run is its own job: one per job
 * name (`data.at_start`), moved to "now" by each process that starts, so processes starting
 * together add one run, not one each.
 */
export async function scheduleRecurringAndAtStart(scheduler: Agenda, interval: string, name: string): Promise<void> {
  await scheduler.every(interval, name, undefined, { skipImmediate: true });
  await scheduler.create(name, { at_start: true }).unique({ 'data.at_start': true }).schedule(new Date()).save();
}
