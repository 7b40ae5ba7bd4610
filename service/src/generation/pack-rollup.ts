import type { JobStatus } from '@aurastream/contract';
import type { UserId } from '../users/user.repository';
import { isActive, type GenerationJob, type GenerationJobRepository } from './generation-job.repository';
import type { JobEventPublisher } from './job-events';

function earliest(dates: (Date | null)[]): Date | null {
  const times = dates.filter((date): date is Date => date !== null).map((date) => date.getTime());
  return times.length > 0 ? new Date(Math.min(...times)) : null;
}

/**
 * A pack's parent job sums up its items: it is `processing` once one item started, and ends when
 * they all have: `completed` if anything was made (failed items are counted and named),
 * `failed` if nothing was, `cancelled` if the owner cancelled. Recomputed from the items every
 * time, so items finishing at the same moment on different workers cannot get it wrong.
 */
export class PackRollup {
  constructor(
    private readonly jobs: GenerationJobRepository,
    private readonly events: JobEventPublisher,
  ) {}

  /** An item started: the pack is `processing` from its first item on (one conditional write). */
  async itemStarted(owner: UserId, parentId: string, startedAt: Date): Promise<void> {
    const moved = await this.jobs.markParentProcessing(owner, parentId, startedAt);
    if (moved) {
      this.events.progress(moved);
    }
  }

  /** Recomputes the parent from its items; called when an item ends. */
  async refresh(owner: UserId, parentId: string, now = new Date()): Promise<GenerationJob | null> {
    const parent = await this.jobs.findById(owner, parentId);
    if (!parent) {
      return null;
    }
    const items = await this.jobs.listChildren(owner, parentId);
    const completed = items.reduce((sum, item) => sum + item.completed_assets, 0);
    const failed = items.reduce((sum, item) => sum + item.failed_assets, 0);
    if (!isActive(parent.status)) {
      if (completed !== parent.completed_assets || failed !== parent.failed_assets) {
        await this.jobs.setCounts(owner, parentId, completed, failed);
      }
      return parent;
    }
    const started = parent.started_at ?? earliest(items.map((item) => item.started_at));
    if (items.some((item) => isActive(item.status))) {
      const status: JobStatus = started ? 'processing' : 'queued';
      if (status === parent.status && completed === parent.completed_assets && failed === parent.failed_assets) {
        return parent;
      }
      const moved = await this.jobs.settle(
        owner,
        parentId,
        { status, completed_assets: completed, failed_assets: failed, error_message: null, completed_at: null },
        { started_at: started },
      );
      if (moved) {
        this.events.progress(moved);
      }
      return moved;
    }
    const failedItems = items.filter((item) => item.status === 'failed');
    const status: JobStatus = items.every((item) => item.status === 'cancelled')
      ? 'cancelled'
      : completed > 0
        ? 'completed'
        : 'failed';
    const errorMessage =
      failedItems.length > 0
        ? `${failedItems.length} of ${items.length} items failed: ${failedItems.map((item) => item.asset_type).join(', ')}`
        : null;
    const ended = await this.jobs.settle(
      owner,
      parentId,
      { status, completed_assets: completed, failed_assets: failed, error_message: errorMessage, completed_at: now },
      { started_at: started },
    );
    if (ended) {
      this.events.ended(ended);
    }
    return ended;
  }
}
