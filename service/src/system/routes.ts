import { Router } from 'express';
import type { Connection } from 'mongoose';
import type { Redis } from 'ioredis';
import { bindRoute, type CallerVerifiers } from '../http/route';
import { systemEndpoints, type ReadinessResponse } from '@aurastream/contract';

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

export function createSystemRouter(deps: { mongo: Connection; redis: Redis; callers: CallerVerifiers }): Router {
  const router = Router();
  const startedAt = Date.now();

  bindRoute(router, deps.callers, systemEndpoints.health, async () => ({
    status: 'ok' as const,
    version,
    uptime_seconds: Math.round((Date.now() - startedAt) / 1000),
  }));

  bindRoute(router, deps.callers, systemEndpoints.ready, async ({ res }) => {
    const [mongodb, redis] = await Promise.all([
      probe(async () => {
        const db = deps.mongo.db;
        if (!db) {
          throw new Error('not connected');
        }
        await db.command({ ping: 1 });
      }),
      probe(() => deps.redis.ping()),
    ]);
    const ready = mongodb.status === 'up' && redis.status === 'up';
    res.status(ready ? 200 : 503);
    return { status: ready ? 'ready' : 'not_ready', checks: { mongodb, redis } } as const;
  });

  return router;
}
