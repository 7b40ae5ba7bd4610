import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../service/src/config';
import { testLogger } from '@aurastream/service/testing';
import { startService } from '../../service/src/server';
import { findFreePort } from '../../service/src/db/free-port';

describe('a service on its embedded defaults', function () {
  this.timeout(60_000);
  let dataDir: string;

  before(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'aurastream-restart-'));
  });
  after(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  async function start() {
    const port = await findFreePort();
    // no MONGODB_URI / REDIS_URL: the embedded MongoDB server and a private redis-server start
    const config = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      PORT: String(port),
      LOG_LEVEL: 'silent',
      BCRYPT_COST: '4',
    });
    return startService(config, { logger: testLogger('test-service') });
  }

  it('keeps documents and Redis data across a stop and a start', async () => {
    const first = await start();
    const user = await first.container.users.create({
      email: 'Persist@Example.com',
      display_name: 'Persisted',
      password_hash: null,
    });
    await first.infra.redis.set('restart-check', 'kept');
    expect((await (await fetch(`${first.url}/ready`)).json()) as { status: string }).to.include({ status: 'ready' });
    await first.stop();

    const second = await start();
    try {
      const found = await second.container.users.findById(user.id);
      expect(found?.email).to.equal('persist@example.com');
      expect(await second.infra.redis.get('restart-check')).to.equal('kept');
    } finally {
      await second.stop();
    }
  });
});
