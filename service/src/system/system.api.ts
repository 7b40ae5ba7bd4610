import type { Connection } from 'mongoose';
import type { Redis } from 'ioredis';
import type { HealthResponse, ReadinessResponse } from '@aurastream/contract';
import type { FileStorage } from '../storage';

const version = process.env.npm_package_version ?? '0.1.0';

async function probe(check: () => Promise<unknown>): Promise<ReadinessResponse['checks']['mongodb']> {
  const started = performance.now();
  try {
    await Promise.race([
      check(),
      new Promise((_resolve, reject) => setTimeout(() => reject(new Error('timed out after 2000 ms')), 2000).unref()),
    ]);
    return { status: 'up', latency_ms: Math.round((performance.now() - started) * 10) / 10, error: null };
  } catch (error) {
    return { status: 'down', latency_ms: null, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Whether the process is up, and whether the databases and the file store it needs answer. */
export interface SystemApi {
  health(): HealthResponse;
  readiness(): Promise<ReadinessResponse>;
}

export function createSystemApi(deps: { mongo: Connection; redis: Redis; storage: FileStorage }): SystemApi {
  const startedAt = Date.now();
  return {
    health: () => ({ status: 'ok', version, uptime_seconds: Math.round((Date.now() - startedAt) / 1000) }),
    async readiness() {
      const [mongodb, redis, storage] = await Promise.all([
        probe(async () => {
          const db = deps.mongo.db;
          if (!db) {
            throw new Error('not connected');
          }
          await db.command({ ping: 1 });
        }),
        probe(() => deps.redis.ping()),
        probe(() => deps.storage.ping()),
      ]);
      const ready = [mongodb, redis, storage].every((check) => check.status === 'up');
      return { status: ready ? 'ready' : 'not_ready', checks: { mongodb, redis, storage } };
    },
  };
}
