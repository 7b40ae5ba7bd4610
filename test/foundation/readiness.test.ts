import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { startRedis, type RedisHandle } from '../../service/src/db/redis';
import { createLogger } from '../../service/src/shared/logger';
import { startFakeS3Server } from '../storage/fake-s3-server';

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

describe('readiness when the file store is down', () => {
  it('answers 503 naming the storage once the S3 bucket stops answering', async () => {
    const s3 = await startFakeS3Server({ bucket: 'aura-ready', accessKeyId: 'ready-key' });
    const app = await startTestService({
      STORAGE_DRIVER: 's3',
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: 'aura-ready',
      S3_ACCESS_KEY_ID: 'ready-key',
      S3_SECRET_ACCESS_KEY: 'ready-secret',
    });
    try {
      const up = await fetch(`${app.url}/ready`);
      expect(up.status).to.equal(200);
      expect(((await up.json()) as { checks: { storage: { status: string } } }).checks.storage.status).to.equal('up');
      await s3.close();
      const down = await fetch(`${app.url}/ready`);
      expect(down.status).to.equal(503);
      const body = (await down.json()) as { checks: Record<string, { status: string }> };
      expect(body.checks.storage?.status).to.equal('down');
      expect(body.checks.mongodb?.status).to.equal('up');
      expect(body.checks.redis?.status).to.equal('up');
    } finally {
      await app.stop();
      await s3.close().catch(() => undefined);
    }
  });
});
