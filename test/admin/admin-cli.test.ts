import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { call } from '../auth/support/http';
import { auditRecordsOf } from '../auth/support/audit';
import { runCli } from './support/cli';

describe('the admin CLI (npm run admin)', () => {
  let app: TestService;
  let dataDir: string;

  before(async () => {
    app = await startTestService();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'aurastream-admin-cli-'));
  });
  after(async () => {
    await app.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const mongoEnv = () => ({ MONGODB_URI: app.service.infra.mongo.uri, DATA_DIR: dataDir });

  it('shows its help, naming where it finds the database', async () => {
    const result = await runCli(['help'], { DATA_DIR: dataDir });
    expect(result.code).to.equal(0);
    expect(result.stdout).to.include('set-tier <email> <free|pro|studio>');
    expect(result.stdout).to.include('set-role <email> <user|admin>');
    expect(result.stdout).to.include('runtime.json');
  });

  it('refuses bad arguments with exit code 2', async () => {
    for (const args of [
      ['set-tier', 'a@example.test', 'platinum'],
      ['frobnicate', 'x'],
    ]) {
      const result = await runCli(args, { DATA_DIR: dataDir });
      expect(result.code, args.join(' ')).to.equal(2);
      expect(result.stderr).to.include('Usage:');
    }
  });

  it("sets a user's tier in the service's database (MONGODB_URI)", async () => {
    const { user, api } = await app.createUser();
    const result = await runCli(['set-tier', user.email.toUpperCase(), 'pro'], mongoEnv());
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.include(`${user.email}: tier pro, role user`);
    expect((await api.auth.me()).subscriptionTier).to.equal('pro');
  });

  it('tells the running service, so the new role applies on its next request', async () => {
    const { user, accessToken } = await app.createUser();
    const listUsers = () => call(app, 'GET', '/api/v1/admin/users?limit=1', { accessToken });
    // the service now holds this account, as a plain user, in its cache
    expect((await listUsers()).status).to.equal(403);
    const { redis } = app.service.infra.config;
    const result = await runCli(['set-role', user.email, 'admin'], {
      ...mongoEnv(),
      REDIS_URL: redis.url ?? '',
      REDIS_KEY_PREFIX: redis.keyPrefix,
    });
    expect(result.code, result.stderr).to.equal(0);
    // the CLI has published the change before exiting; its delivery to the service takes a moment
    let status = 0;
    for (let attempt = 0; attempt < 100 && status !== 200; attempt++) {
      status = (await listUsers()).status;
      await sleep(20);
    }
    expect(status).to.equal(200);
  });

  it('audits the role changes it makes', async () => {
    const { user } = await app.createUser();
    expect((await runCli(['set-role', user.email, 'admin'], mongoEnv())).code).to.equal(0);
    expect((await runCli(['set-role', user.email, 'user'], mongoEnv())).code).to.equal(0);
    const records = await auditRecordsOf(app, user.id);
    expect(records.map((record) => [record.role_before, record.role_after, record.actor_type])).to.deep.equal([
      ['user', 'admin', 'cli'],
      ['admin', 'user', 'cli'],
    ]);
    // and shows them
    const history = await runCli(['audit', user.email], mongoEnv());
    expect(history.code, history.stderr).to.equal(0);
    const lines = history.stdout.trim().split('\n');
    expect(lines).to.have.length(2);
    expect(lines[0]).to.match(/user → admin by cli \S+@\S+, account /);
    expect(lines[1]).to.match(/admin → user by cli /);
  });

  it("finds the running service's embedded database through runtime.json", async () => {
    const { user } = await app.createUser();
    const runtimeDir = await mkdtemp(path.join(os.tmpdir(), 'aurastream-admin-runtime-'));
    try {
      await writeFile(
        path.join(runtimeDir, 'runtime.json'),
        JSON.stringify({ mongodb_uri: app.service.infra.mongo.uri, redis_url: 'redis://127.0.0.1:1' }),
      );
      const result = await runCli(['set-role', user.email, 'admin'], { DATA_DIR: runtimeDir });
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stderr).to.include('running service');
      expect((await app.service.container.users.findById(user.id))?.role).to.equal('admin');
    } finally {
      await rm(runtimeDir, { recursive: true, force: true });
    }
  });

  it('starts the embedded database on the data folder when no service runs, and says when no user has the address', async () => {
    const stoppedDir = await mkdtemp(path.join(os.tmpdir(), 'aurastream-admin-stopped-'));
    try {
      // a service that has stopped leaves a runtime.json naming a port nobody listens on
      await writeFile(path.join(stoppedDir, 'runtime.json'), JSON.stringify({ mongodb_uri: 'mongodb://127.0.0.1:1/' }));
      const result = await runCli(['show', 'someone@example.test'], { DATA_DIR: stoppedDir });
      expect(result.stderr).to.include(`the embedded database in ${stoppedDir}`);
      expect(result.code).to.equal(1);
      expect(result.stderr).to.include('was not found');
    } finally {
      await rm(stoppedDir, { recursive: true, force: true });
    }
  });
});
