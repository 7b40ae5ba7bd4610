import { exponential, type Agenda, type Job } from 'agenda';
import type { UserId } from '../../users/user.repository';
import type { AssetPurger } from '../asset-purger';

export const PURGE_DELETED_ASSET_JOB = 'assets.purge-deleted-asset';

/** Ids only: the asset is read again when the job runs. */
export interface PurgeDeletedAssetPayload {
  user_id: string;
  asset_id: string;
}

export interface RetryPolicy {
  maxRetries: number;
  retryBaseMs: number;
}

/** Removes a deleted asset's row and file once its undo period is over (a restored one is kept). */
export function definePurgeDeletedAssetJob(scheduler: Agenda, purger: AssetPurger, retry: RetryPolicy): void {
  scheduler.define<PurgeDeletedAssetPayload>(
    PURGE_DELETED_ASSET_JOB,
    async (job: Job<PurgeDeletedAssetPayload>) => {
      await purger.purgeIfExpired(job.attrs.data.user_id as UserId, job.attrs.data.asset_id);
    },
    {
      backoff: exponential({ delay: retry.retryBaseMs, factor: 2, maxRetries: retry.maxRetries }),
      removeOnComplete: true,
    },
  );
}

export async function schedulePurgeDeletedAsset(
  scheduler: Agenda,
  payload: PurgeDeletedAssetPayload,
  at: Date,
): Promise<void> {
  await scheduler.schedule(at, PURGE_DELETED_ASSET_JOB, payload);
}
