import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ApiError, type AuraStreamClient } from '@aurastream/contract';
import { startTestService, type TestService, type TestUser } from '@aurastream/service/testing';
import { call, errorOf } from '../auth/support/http';
import { runCli } from './support/cli';

/** `GET /api/v1/service-credentials/self` as a service sends it. */
function asService(app: TestService, secret: string | null, headers: Record<string, string> = {}) {
  return call(app, 'GET', '/api/v1/service-credentials/self', {
    headers: secret === null ? headers : { authorization: `Bearer ${secret}`, ...headers },
  });
}

async function refusal(app: TestService, secret: string | null): Promise<{ status: number; code: string }> {
  const response = await asService(app, secret);
  return { status: response.status, code: (await errorOf(response)).code };
}

describe('service credentials (the chat bot’s)', () => {
  let first: TestService;
  let second: TestService;
  let admin: TestUser;
  let dataDir: string;

  before(async () => {
    const unique = randomBytes(6).toString('hex');
    // two instances of one deployment: a revocation through one applies on the other at once
    const deployment = {
      MONGODB_DB_NAME: `test_shared_${unique}`,
      REDIS_KEY_PREFIX: `test:shared-${unique}:`,
      JWT_SECRET: randomBytes(32).toString('hex'),
    };
    first = await startTestService(deployment);
    second = await startTestService(deployment);
    admin = await first.createUser({ role: 'admin' });
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'aurastream-service-credentials-'));
  });
  after(async () => {
    await second.stop();
    await first.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const create = (api: AuraStreamClient, name: string, channels?: string[]) =>
    api.serviceCredentials.create({
      body: { name, ...(channels ? { scope: { kind: 'channels' as const, twitchChannelIds: channels } } : {}) },
    });

  it('are created by an administrator, who sees the secret once', async () => {
    const created = await create(admin.api, 'chat-bot', ['1001', '1002']);
    expect(created.secret).to.match(/^aura_svc_[A-Za-z0-9_-]{43}$/);
    expect(created.credential).to.include({ name: 'chat-bot', revokedAt: null });
    expect(created.credential.scope).to.deep.equal({ kind: 'channels', twitchChannelIds: ['1001', '1002'] });
    expect(created.credential.tokenHint).to.equal(`${created.secret.slice(0, 13)}…`);

    const { items } = await admin.api.serviceCredentials.list();
    const listed = items.find((item) => item.id === created.credential.id);
    expect(listed).to.deep.equal(created.credential);
    expect(JSON.stringify(items)).to.not.include(created.secret.slice(13));
  });

  it('act for every channel whose streamer turned the bot on unless they list channels', async () => {
    const created = await create(admin.api, 'chat-bot-eu');
    expect(created.credential.scope).to.deep.equal({ kind: 'bot_channels' });
  });

  it('are for administrators only', async () => {
    const streamer = await first.createUser();
    const anonymous = await call(first, 'POST', '/api/v1/admin/service-credentials', { body: { name: 'x' } });
    expect(anonymous.status).to.equal(401);
    for (const attempt of [() => create(streamer.api, 'sneaky'), () => streamer.api.serviceCredentials.list()]) {
      const error = await attempt().catch((caught: unknown) => caught);
      expect(error).to.be.instanceOf(ApiError).and.to.include({ status: 403, code: 'admin_only' });
    }
  });

  it('refuse a scope that is not a list of Twitch channel ids', async () => {
    for (const scope of [
      { kind: 'channels', twitch_channel_ids: [] },
      { kind: 'channels', twitch_channel_ids: ['abc'] },
      { kind: 'everything' },
    ]) {
      const response = await call(first, 'POST', '/api/v1/admin/service-credentials', {
        accessToken: admin.accessToken,
        body: { name: 'bad', scope },
      });
      expect(response.status, JSON.stringify(scope)).to.equal(422);
    }
  });

  it('identify the service calling with one, on every instance', async () => {
    const { credential, secret } = await create(admin.api, 'chat-bot-self', ['42']);
    for (const app of [first, second]) {
      const response = await asService(app, secret);
      expect(response.status).to.equal(200);
      expect(await response.json()).to.deep.equal({
        id: credential.id,
        name: 'chat-bot-self',
        scope: { kind: 'channels', twitch_channel_ids: ['42'] },
      });
    }
  });

  it('refuse a service without a credential, with a forged one or with a user’s access token', async () => {
    const streamer = await first.createUser();
    expect(await refusal(first, null)).to.deep.equal({ status: 401, code: 'service_credential_missing' });
    const forged = `aura_svc_${randomBytes(32).toString('base64url')}`;
    for (const secret of [forged, 'aura_svc_short', streamer.accessToken]) {
      expect(await refusal(first, secret)).to.deep.equal({ status: 401, code: 'service_credential_invalid' });
    }
    const basic = await asService(first, null, { authorization: 'Basic Ym90OnNlY3JldA==' });
    expect(basic.status).to.equal(401);
  });

  it('are never taken for a user', async () => {
    const { secret } = await create(admin.api, 'not-a-user');
    const response = await call(first, 'GET', '/api/v1/auth/me', { accessToken: secret });
    expect(response.status).to.equal(401);
  });

  it('stop working on every instance the moment they are revoked', async () => {
    const { credential, secret } = await create(admin.api, 'chat-bot-revoked');
    // both instances verified it, and keep it verified in memory
    for (const app of [first, second, first, second]) {
      expect((await asService(app, secret)).status).to.equal(200);
    }

    const revoked = await admin.api.serviceCredentials.revoke({ params: { id: credential.id } });
    expect(revoked.revokedAt).to.be.a('string');

    for (const app of [first, second]) {
      expect(await refusal(app, secret)).to.deep.equal({ status: 401, code: 'service_credential_revoked' });
    }
    const again = await admin.api.serviceCredentials.revoke({ params: { id: credential.id } });
    expect(again.revokedAt).to.equal(revoked.revokedAt);
  });

  it('answer 404 when revoking a credential that does not exist', async () => {
    const error = await admin.api.serviceCredentials
      .revoke({ params: { id: '00000000-0000-4000-8000-000000000000' } })
      .catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(ApiError).and.to.include({ status: 404 });
  });

  it('are created, listed and revoked with npm run admin', async () => {
    const env = {
      MONGODB_URI: first.service.infra.mongo.uri,
      MONGODB_DB_NAME: first.service.config.mongo.dbName,
      DATA_DIR: dataDir,
      // the running instances' Redis, through which the CLI retires what they keep verified
      REDIS_URL: first.service.infra.redisHandle.url,
      REDIS_KEY_PREFIX: first.service.config.redis.keyPrefix,
    };
    const created = await runCli(['create-service-credential', 'cli-bot', '--channels', '777,778'], env);
    expect(created.code, created.stderr).to.equal(0);
    const secret = /^(aura_svc_\S+)$/m.exec(created.stdout)?.[1];
    const id = /^([0-9a-f-]{36})\s+cli-bot/m.exec(created.stdout)?.[1];
    expect(secret, created.stdout).to.be.a('string');
    expect(created.stdout).to.include('channels 777, 778');

    const response = await asService(second, secret!);
    expect(response.status).to.equal(200);
    expect(await response.json()).to.include({ id, name: 'cli-bot' });
    expect((await asService(first, secret!)).status).to.equal(200);

    const listed = await runCli(['list-service-credentials'], env);
    expect(listed.stdout).to.include(`${id}  cli-bot`);
    expect(listed.stdout).to.not.include(secret!);

    const revoked = await runCli(['revoke-service-credential', id!], env);
    expect(revoked.code, revoked.stderr).to.equal(0);
    expect(revoked.stdout).to.include('revoked');
    for (const app of [first, second]) {
      expect(await refusal(app, secret!)).to.deep.equal({ status: 401, code: 'service_credential_revoked' });
    }
  });
});
