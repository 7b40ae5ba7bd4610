import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { startRedis, type RedisHandle } from '../../service/src/db/redis';
import { startEmbeddedMongo, type EmbeddedMongoServer } from '../../service/src/db/embedded/index';
import { createLogger } from '../../service/src/shared/logger';
import { eventually } from '../support/eventually';

interface Readiness {
  status: string;
  checks: { redis: { status: string }; mongodb: { status: string } };
}

async function readiness(app: TestService): Promise<{ status: number; body: Readiness }> {
  const response = await fetch(`${app.url}/ready`);
  return { status: response.status, body: (await response.json()) as Readiness };
}

describe('readiness when a dependency is down', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'aurastream-ready-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('answers 503 naming Redis once Redis stops', async () => {
    // a Redis of this test's own, so stopping it leaves the shared one alone
    const redis: RedisHandle = await startRedis(
      { url: null, serverBin: 'redis-server', dataDir: dir, keyPrefix: '' },
      createLogger({ level: 'silent' }),
    );
    const app = await startTestService({ REDIS_URL: redis.url });
    try {
      expect((await readiness(app)).status).to.equal(200);
      await redis.stop();
      const { status, body } = await readiness(app);
      expect(status).to.equal(503);
      expect(body.status).to.equal('not_ready');
      expect(body.checks.redis.status).to.equal('down');
      expect(body.checks.mongodb.status).to.equal('up');
    } finally {
      await app.stop();
      await redis.stop();
    }
  });

  it('answers 503 naming MongoDB while MongoDB is stopped, and ready again once it is back', async () => {
    // a MongoDB of this test's own, restarted on the same port and data so the driver reconnects
    let mongo: EmbeddedMongoServer = await startEmbeddedMongo({ dbPath: path.join(dir, 'mongo'), fsync: false });
    const port = mongo.port;
    const app = await startTestService({ MONGODB_URI: `mongodb://127.0.0.1:${port}` });
    try {
      expect((await readiness(app)).status).to.equal(200);
      await mongo.stop();
      const down = await readiness(app);
      expect(down.status).to.equal(503);
      expect(down.body.status).to.equal('not_ready');
      expect(down.body.checks.mongodb.status).to.equal('down');
      expect(down.body.checks.redis.status).to.equal('up');

      mongo = await startEmbeddedMongo({ dbPath: path.join(dir, 'mongo'), port, fsync: false });
      expect(await eventually(async () => (await readiness(app)).status === 200, 15_000), 'ready again').to.equal(true);
    } finally {
      await app.stop();
      await mongo.stop();
    }
  });
});
