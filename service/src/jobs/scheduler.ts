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
