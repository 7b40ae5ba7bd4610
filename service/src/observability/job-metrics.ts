import type { Agenda, JobWithId } from 'agenda';
import type { Db } from 'mongodb';
import { jobDuration, registerJobQueueSource, type JobQueueCount } from './metrics';

function runSeconds(job: JobWithId): number | null {
  const started = job.attrs.lastRunAt;
  return started ? Math.max(0, (Date.now() - new Date(started).getTime()) / 1000) : null;
}

/**
 * Job metrics of a scheduler: each run's duration by type and outcome (from this process's own
 * runs), and the shared queue's depth per type, read from `agenda_jobs` when Prometheus scrapes.
 * Returns the function that stops reporting the queue (when the scheduler stops).
 */
export function observeJobs(scheduler: Agenda, db: Db, collection = 'agenda_jobs'): () => void {
  scheduler.on('success', (job: JobWithId, remote?: boolean) => {
    const seconds = remote ? null : runSeconds(job);
    if (seconds !== null) {
      jobDuration.observe({ type: job.attrs.name, outcome: 'success' }, seconds);
    }
  });
  scheduler.on('fail', (_error: unknown, job: JobWithId, remote?: boolean) => {
    const seconds = remote ? null : runSeconds(job);
    if (seconds !== null) {
      jobDuration.observe({ type: job.attrs.name, outcome: 'failure' }, seconds);
    }
  });
  const jobs = db.collection(collection);
  return registerJobQueueSource(async () => {
    const now = new Date();
    const [waiting, running] = await Promise.all([
      jobs
        .aggregate<{ _id: string; count: number }>([
          { $match: { nextRunAt: { $lte: now }, lockedAt: null, disabled: { $ne: true } } },
          { $group: { _id: '$name', count: { $sum: 1 } } },
        ])
        .toArray(),
      jobs
        .aggregate<{ _id: string; count: number }>([
          { $match: { lockedAt: { $ne: null } } },
          { $group: { _id: '$name', count: { $sum: 1 } } },
        ])
        .toArray(),
    ]);
    const counts: JobQueueCount[] = [];
    // every defined type is reported, at 0 when none waits, so a drained queue reads 0, not absent
    for (const type of Object.keys(scheduler.definitions)) {
      counts.push(
        { type, state: 'waiting', count: waiting.find((row) => row._id === type)?.count ?? 0 },
        { type, state: 'running', count: running.find((row) => row._id === type)?.count ?? 0 },
      );
    }
    return counts;
  });
}
