import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { call } from './support/http';

/** Asks until `check` holds; the bound is far below the account cache's lifetime in these tests. */
async function eventually(check: () => Promise<boolean>, attempts = 100): Promise<boolean> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (await check()) {
      return true;
    }
    await sleep(20);
  }
  return false;
}

describe('an account changed through one service instance', () => {
  let first: TestService;
  let second: TestService;

  before(async () => {
    const unique = randomBytes(6).toString('hex');
    // two instances of one deployment: same database, Redis and signing key; accounts cached for 10 minutes
    const deployment = {
      MONGODB_DB_NAME: `test_shared_${unique}`,
      REDIS_KEY_PREFIX: `test:shared-${unique}:`,
      JWT_SECRET: randomBytes(32).toString('hex'),
      AUTH_USER_CACHE_MS: '600000',
    };
    first = await startTestService(deployment);
    second = await startTestService(deployment);
  });
  after(async () => {
    await second.stop();
    await first.stop();
  });

  it('gains its new role on the other instance without waiting for its cached copy to expire', async () => {
    const admin = await first.createUser({ role: 'admin' });
    const streamer = await first.createUser();
    const listUsers = () => call(second, 'GET', '/api/v1/admin/users?limit=1', { accessToken: streamer.accessToken });
    expect((await listUsers()).status).to.equal(403);

    await admin.api.admin.updateUser({ params: { id: streamer.user.id }, body: { role: 'admin' } });

    expect(await eventually(async () => (await listUsers()).status === 200)).to.equal(true);
  });

  it('loses access on the other instance once deleted', async () => {
    const password = 'a long enough passphrase 42';
    const { hash } = await import('bcryptjs');
    const streamer = await first.createUser({ passwordHash: await hash(password, 4) });
    const me = () => call(second, 'GET', '/api/v1/auth/me', { accessToken: streamer.accessToken });
    expect((await me()).status).to.equal(200);

    await streamer.api.auth.deleteMe({ body: { password } });

    expect(await eventually(async () => (await me()).status === 401)).to.equal(true);
  });
});
