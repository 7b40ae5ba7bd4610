/**
 * TTL monitor: periodically deletes documents whose TTL-indexed date field is
 * older than `expireAfterSeconds` (arrays use their earliest date, as mongod does).
 */
import { pathValues } from './indexes';
import type { Engine } from './storage/engine';
import type { Document, EmbeddedLogger } from './types';

export class TtlMonitor {
  private readonly engine: Engine;
  private readonly logger: EmbeddedLogger;
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(engine: Engine, logger: EmbeddedLogger, intervalMs: number) {
    this.engine = engine;
    this.logger = logger;
    this.timer = setInterval(() => void this.sweep(), intervalMs);
    this.timer.unref();
  }

  /** One pass over every TTL index; returns how many documents were deleted. */
  async sweep(now = Date.now()): Promise<number> {
    if (this.running) {
      return 0;
    }
    this.running = true;
    let deleted = 0;
    try {
      for (const colls of this.engine.databases.values()) {
        for (const coll of colls.values()) {
          for (const index of coll.indexes.values()) {
            const ttl = index.ttlSeconds;
            if (ttl === undefined) {
              continue;
            }
            const parts = (index.fields[0] as string).split('.');
            const expired: Document[] = [];
            for (const { doc } of coll.records.values()) {
              let earliest = Infinity;
              for (const v of pathValues(doc, parts)) {
                if (v instanceof Date) {
                  earliest = Math.min(earliest, v.getTime());
                }
              }
              if (earliest + ttl * 1000 <= now) {
                expired.push(doc);
              }
            }
            for (const doc of expired) {
              coll.remove(doc);
            }
            deleted += expired.length;
          }
        }
      }
      if (deleted > 0) {
        await this.engine.commit();
        this.logger.debug({ deleted }, 'TTL monitor removed expired documents');
      }
    } catch (err) {
      this.logger.error({ err }, 'TTL sweep failed');
    } finally {
      this.running = false;
    }
    return deleted;
  }

  /** setParameter ttlMonitorSleepSecs / ttlMonitorEnabled. */
  reschedule(intervalMs: number, enabled: boolean): void {
    this.stop();
    if (enabled) {
      this.timer = setInterval(() => void this.sweep(), intervalMs);
      this.timer.unref();
    }
  }

  stop(): void {
    if (this.timer) {
      clearInterval(this.timer);
    }
    this.timer = undefined;
  }
}
