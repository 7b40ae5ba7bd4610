import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startTestService, testLogger, type TestService } from '@aurastream/service/testing';
import { startRedis, type RedisHandle } from '../../service/src/db/redis';
import { startFakeS3Server } from '../storage/fake-s3-server';
import { startEmbeddedMongo } from '../../service/src/db/embedded';
import { pollUntil } from '../generation/support';
import { scrape, valueOf } from '../observability/prometheus';

const METRICS_TOKEN = 'readiness-metrics-token';

/** The count of `aurastream_dependency_errors_total` for one dependency's connection. */
async function connectionErrors(app: TestService, dependency: string): Promise<number> {
  return valueOf(await scrape(`${app.url}/metrics`, METRICS_TOKEN), 'aurastream_dependency_errors_total', {
    dependency,
    kind: 'connection',
  });
}

describe('readiness when a dependency is down', () => {
  let redis: RedisHandle;
  let app: TestService;
  let dir: string;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'aurastream-ready-'));
    // a Redis of this test's own, so stopping it leaves the shared one alone
    redis = await startRedis(
      { url: null, serverBin: 'redis-server', dataDir: dir, keyPrefix: '' },
      testLogger('redis'),
    );
    app = await startTestService({ REDIS_URL: redis.url, METRICS_TOKEN });
  });
  after(async () => {
    await app.stop();
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers 503 naming Redis once Redis stops, and counts its connection errors', async () => {
    const before = await connectionErrors(app, 'redis');
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
    await pollUntil(
      () => connectionErrors(app, 'redis'),
      (count) => count > before,
      { what: 'the Redis connection errors to be counted' },
    );
  });
});

describe('readiness when MongoDB is down', () => {
  it('answers 503 naming MongoDB once it stops, and counts the lost connection', async function () {
    this.timeout(60_000);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'aurastream-ready-mongo-'));
    // a MongoDB of this test's own, so stopping it leaves the shared one alone
    const mongo = await startEmbeddedMongo({
      dbPath: path.join(dir, 'mongo'),
      port: 0,
      host: '127.0.0.1',
      fsync: false,
      logger: testLogger('embedded-mongo'),
    });
    // frequent heartbeats: the driver notices the lost server within a second, not ten
    const app = await startTestService({ MONGODB_URI: `${mongo.uri}?heartbeatFrequencyMS=500`, METRICS_TOKEN });
    try {
      expect((await fetch(`${app.url}/ready`)).status).to.equal(200);
      const before = await connectionErrors(app, 'mongodb');
      await mongo.stop();
      const down = await fetch(`${app.url}/ready`);
      expect(down.status).to.equal(503);
      const body = (await down.json()) as { checks: Record<string, { status: string }> };
      expect(body.checks.mongodb?.status).to.equal('down');
      expect(body.checks.redis?.status).to.equal('up');
      await pollUntil(
        () => connectionErrors(app, 'mongodb'),
        (count) => count > before,
        { what: 'the lost MongoDB connection to be counted', timeoutMs: 40_000 },
      );
    } finally {
      await app.stop().catch(() => undefined);
      await mongo.stop().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    }
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
