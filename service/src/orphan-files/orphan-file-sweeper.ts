import type { FileStorage, ListedFile } from '../storage/file-storage';
import type { RedisLock } from '../db/redis-lock';
import type { Logger } from '../shared/logger';
import { recordOrphanFilesRemoved, type FileOwnerName } from '../observability/metrics';
import { groupBy, type StoredFileOwner } from './stored-file-owner';

/** Every stored file of the product lives under this prefix (`users/<user id>/…`). */
const USER_FILES_PREFIX = 'users/';

/** What one sweep saw and did. */
export interface OrphanSweepReport {
  /** Files listed. */
  scanned: number;
  /** Files younger than the grace period (or rewritten during the sweep), left alone whoever owns them. */
  young: number;
  /** Old files in no owner's folder: left alone, since no rule says what they are. */
  unclaimed: number;
  /** Orphans removed, by owner. */
  removed: Record<FileOwnerName, number>;
  /** Orphans that could not be removed (tried again at the next sweep). */
  failed: number;
  /** False when the lease was lost midway and the sweep stopped early. */
  completed: boolean;
}

export interface OrphanFileSweeperOptions {
  storage: FileStorage;
  owners: StoredFileOwner[];
  /** A file younger than this may belong to a write in flight (on any instance): never removed. */
  graceMs: number;
  /** Held while sweeping, so instances take turns instead of listing the same store at once. */
  lease: Pick<RedisLock, 'acquire'>;
  logger: Logger;
  pageSize?: number;
}

/**
 * Finds stored files no row refers to and removes them. A file is written before its row, so a
 * crash (kill -9, a lost machine) between the two leaves a file nobody will ever serve or delete.
 * Only files older than the grace period are considered, and each is looked at again just before
 * it goes, so a file rewritten meanwhile (a retried job writes the same key anew) is kept.
 * Deletions are idempotent, so two sweeps overlapping after a lost lease do no harm.
 */
export class OrphanFileSweeper {
  constructor(private readonly options: OrphanFileSweeperOptions) {}

  /** One pass over the store; null when another instance holds the lease. */
  async sweep(now = new Date()): Promise<OrphanSweepReport | null> {
    const { storage, logger } = this.options;
    const lease = await this.options.lease.acquire();
    if (!lease) {
      logger.debug('orphan-file sweep skipped: another instance is sweeping');
      return null;
    }
    const startedAt = Date.now();
    const report: OrphanSweepReport = {
      scanned: 0,
      young: 0,
      unclaimed: 0,
      removed: { assets: 0, brand_kit_logos: 0 },
      failed: 0,
      completed: true,
    };
    const cutoff = now.getTime() - this.options.graceMs;
    try {
      for await (const page of storage.list(USER_FILES_PREFIX, this.options.pageSize)) {
        report.scanned += page.length;
        const old = page.filter((file) => file.modifiedAt.getTime() <= cutoff);
        report.young += page.length - old.length;
        await this.removeOrphans(old, cutoff, report);
        if (!(await lease.extend())) {
          report.completed = false;
          logger.warn('orphan-file sweep stopped: its lease expired');
          break;
        }
      }
    } finally {
      await lease.release();
    }
    logger.info(
      { event: 'orphan_files_swept', ...report, duration_ms: Date.now() - startedAt },
      'orphan-file sweep done',
    );
    return report;
  }

  private async removeOrphans(files: ListedFile[], cutoff: number, report: OrphanSweepReport): Promise<void> {
    const byOwner = groupBy(files, (file) => this.ownerOf(file.key)?.name ?? '');
    for (const [name, claimed] of byOwner) {
      const owner = this.options.owners.find((candidate) => candidate.name === name);
      if (!owner) {
        report.unclaimed += claimed.length;
        continue;
      }
      const referenced = await owner.referencedKeys(claimed.map((file) => file.key));
      let removed = 0;
      for (const file of claimed) {
        if (referenced.has(file.key)) {
          continue;
        }
        const outcome = await this.remove(file.key, cutoff);
        if (outcome === 'removed') {
          removed += 1;
        } else if (outcome === 'renewed') {
          report.young += 1;
        } else if (outcome === 'failed') {
          report.failed += 1;
        }
      }
      report.removed[owner.name] += removed;
      recordOrphanFilesRemoved(owner.name, removed);
    }
  }

  private ownerOf(key: string): StoredFileOwner | undefined {
    return this.options.owners.find((owner) => owner.claims(key));
  }

  /**
   * Removes an orphan unless it was rewritten since the listing (`renewed`: a retried job writes
   * the same key anew, then its row) or went meanwhile (`gone`).
   */
  private async remove(key: string, cutoff: number): Promise<'removed' | 'renewed' | 'gone' | 'failed'> {
    try {
      // looked at again after its rows were: a write in flight renews the file before its row
      const current = await this.options.storage.stat(key);
      if (!current) {
        return 'gone';
      }
      if (current.modifiedAt.getTime() > cutoff) {
        return 'renewed';
      }
      await this.options.storage.delete(key);
      return 'removed';
    } catch (error) {
      this.options.logger.warn({ err: error, key }, 'could not remove an orphan file');
      return 'failed';
    }
  }
}
