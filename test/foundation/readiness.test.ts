import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { startRedis, type RedisHandle } from '../../service/src/db/redis';
import { createLogger } from '../../service/src/shared/logger';

describe('readiness when a dependency is down', () => {
  let redis: RedisHandle;
  let app: TestService;
  let dir: string;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'aurastream-ready-'));
    // a Redis of this test's own, so stopping it leaves the shared one alone
    redis = await startRedis(
      { url: null, serverBin: 'redis-server', dataDir: dir, keyPrefix: '' },
      createLogger({ level: 'silent' }),
    );
    app = await startTestService({ REDIS_URL: redis.url });
  });
  after(async () => {
    await app.stop();
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers 503 naming Redis once Redis stops', async () => {
    await redis.stop();
    const response = await fetch(`${app.url}/ready`);
    expect(response.status).to.equal(503);
    const body = (await response.json()) as {
      status: string;
      checks: { redis: { status: string }; mongodb: { status: string } };
    };
    expect(body.status).to.equal('not_ready');
    expect(body.checks.redis.status).to.equal('down');
    expect(body.checks.mongodb.status).to.equal('up');
  });
});
