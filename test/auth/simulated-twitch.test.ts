import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import type { Browser, Page } from 'playwright-core';
import { keepChildLogs, recordConfigSecrets, sharedInfrastructure } from '@aurastream/service/testing';
import { findFreePort } from '../../service/src/db/free-port';
import { ensureDashboardBuilt } from '../e2e/support/dashboard-build';
import { collectPageErrors, launchBrowser, screenshot, screenshotOnFailure } from '../e2e/support/browser';
import { skipTour } from '../e2e/support/session';
import { pollUntil } from '../generation/support';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Started {
  child: ChildProcess;
  output: () => string;
  twitchUrl: string;
}

/** The service as `npm start` runs it in development: main.ts, no Twitch credentials. */
async function startLikeNpmStart(env: Record<string, string>): Promise<Started> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('TWITCH_') && !name.startsWith('TWURPLE_')),
  );
  const child = spawn(
    process.execPath,
    ['--max-semi-space-size=64', '--import', 'tsx', path.join(root, 'service/src/main.ts')],
    { cwd: root, env: { ...inherited, ...env } },
  );
  keepChildLogs(child, 'npm-start');
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const twitchUrl = await pollUntil(
    async () => {
      if (child.exitCode !== null) {
        throw new Error(`the service exited (${child.exitCode}): ${output}`);
      }
      return /Simulated Twitch:\s+(\S+)/.exec(output)?.[1];
    },
    Boolean,
    { timeoutMs: 60_000, what: 'the banner' },
  );
  // the development secrets it generated in its data folder
  recordConfigSecrets(env, env.DATA_DIR);
  return { child, output: () => output, twitchUrl: twitchUrl! };
}

async function stop(started: Started): Promise<void> {
  if (started.child.exitCode !== null) {
    return;
  }
  const exited = new Promise((resolve) => started.child.once('exit', resolve));
  started.child.kill('SIGTERM');
  await exited;
}

describe('npm start in development without Twitch credentials: the simulated Twitch', function () {
  this.timeout(180_000);
  let dataDir: string;
  let env: Record<string, string>;
  let base: string;
  let service: Started;
  let browser: Browser;
  let page: Page | undefined;
  let mongo: MongoClient;
  let dbName: string;

  const fakeAccount = async (login: string) => {
    const fixtures = JSON.parse(await readFile(path.join(dataDir, 'fake-twitch.json'), 'utf8')) as {
      world: { users: { id: string; login: string }[] };
    };
    return fixtures.world.users.find((user) => user.login === login);
  };

  before(async () => {
    ensureDashboardBuilt();
    const infrastructure = await sharedInfrastructure();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'aurastream-simulated-'));
    const port = await findFreePort();
    const unique = randomBytes(6).toString('hex');
    dbName = `test_${unique}`;
    base = `http://localhost:${port}`;
    env = {
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      MONGODB_URI: infrastructure.mongoUri,
      MONGODB_DB_NAME: dbName,
      REDIS_URL: infrastructure.redisUrl,
      REDIS_KEY_PREFIX: `test:${unique}:`,
      BCRYPT_COST: '4',
    };
    mongo = await MongoClient.connect(infrastructure.mongoUri);
    [service, browser] = await Promise.all([startLikeNpmStart(env), launchBrowser()]);
  });
  afterEach(async function () {
    await screenshotOnFailure(page, this.currentTest);
    await page?.context().close();
    page = undefined;
  });
  after(async () => {
    await stop(service);
    await browser?.close();
    await mongo?.db(dbName).dropDatabase();
    await mongo?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('says in its banner where the simulated Twitch runs', () => {
    expect(service.output()).to.match(/Simulated Twitch:\s+http:\/\/localhost:\d+ \(fake streamers and viewers/);
  });

  it('signs a new streamer up with Twitch through the simulated consent page', async () => {
    page = await (await browser.newContext({ baseURL: base })).newPage();
    const errors = collectPageErrors(page);
    await page.goto('/signup');
    await page.getByText('Simulated Twitch: this development server signs you in with fake Twitch accounts.').waitFor();
    await page.getByRole('button', { name: 'Sign up with Twitch' }).click();
    await page.getByRole('heading', { name: 'AuraStream wants to access your account' }).waitFor();
    expect(new URL(page.url()).origin).to.equal(new URL(service.twitchUrl).origin.replace('127.0.0.1', 'localhost'));
    await page.getByText('View your email address').waitFor();
    await page.getByLabel('A new account').check();
    await page.getByLabel('Login of the new account').fill('freshfox');
    await page.getByLabel('Kind of the new account').selectOption('affiliate');
    await screenshot(page, 'simulated-twitch-consent');
    await page.getByRole('button', { name: 'Authorize' }).click();
    await page.getByRole('heading', { level: 1 }).filter({ hasText: 'ready to glow up' }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'simulated-twitch-signed-up');
    expect(errors).to.deep.equal([]);

    const account = await fakeAccount('freshfox');
    const connection = await mongo
      .db(dbName)
      .collection('platform_connections')
      .findOne({ platform_user_id: account!.id });
    expect(connection).to.include({ platform: 'twitch' });
    // the sign-up asked for what sign-in needs and the streamer's grants; the fake granted exactly that
    expect(connection!.scopes).to.include('user:read:email');
    const user = await mongo.db(dbName).collection('users').findOne({ email: 'freshfox@example.test' });
    expect(user?.email_verified).to.equal(true);
  });

  it('keeps the fake streamer and its id across a restart, so the next sign-in is the same account', async () => {
    const before = await fakeAccount('freshfox');
    await stop(service);
    service = await startLikeNpmStart(env);
    expect(await fakeAccount('freshfox')).to.deep.equal(before);

    page = await (await browser.newContext({ baseURL: base })).newPage();
    await page.goto('/login');
    await page.getByRole('button', { name: 'Continue with Twitch' }).click();
    await page.getByLabel(/freshfox/).check();
    await page.getByRole('button', { name: 'Authorize' }).click();
    await page.getByRole('heading', { level: 1 }).filter({ hasText: 'ready to glow up' }).waitFor({ timeout: 30_000 });
    expect(await mongo.db(dbName).collection('users').countDocuments({ email: 'freshfox@example.test' })).to.equal(1);
    expect(
      await mongo.db(dbName).collection('platform_connections').countDocuments({ platform_user_id: before!.id }),
    ).to.equal(1);
  });

  it('turns the channel-point reward on against the simulated Twitch, whose EventSub reaches PUBLIC_URL on http://localhost', async () => {
    page = await (await browser.newContext({ baseURL: base })).newPage();
    await page.goto('/login');
    await page.getByRole('button', { name: 'Continue with Twitch' }).click();
    await page.getByLabel(/freshfox/).check();
    await page.getByRole('button', { name: 'Authorize' }).click();
    await page.getByRole('heading', { level: 1 }).filter({ hasText: 'ready to glow up' }).waitFor({ timeout: 30_000 });
    await skipTour(page);
    await page.goto('/live#channel-points');
    const reward = page.locator('#channel-points');
    await reward.getByRole('button', { name: 'Grant on Twitch' }).click();
    await page.getByText('Manage channel points custom rewards', { exact: false }).first().waitFor();
    await page.getByLabel(/freshfox/).check();
    await page.getByRole('button', { name: 'Authorize' }).click();
    await page.waitForURL('**/live*', { timeout: 30_000 });
    await reward.getByRole('switch', { name: 'Offer the reward on my channel' }).click();
    await reward.getByText('Active on Twitch').waitFor({ timeout: 30_000 });
    await screenshot(page, 'simulated-twitch-reward-on');

    const account = await fakeAccount('freshfox');
    const subscriptions = await pollUntil(
      async () => {
        const response = await fetch(`${service.twitchUrl}/_fake/eventsub/subscriptions`);
        const { data } = (await response.json()) as {
          data: Array<{ status: string; condition: Record<string, string>; transport: { callback: string } }>;
        };
        return data.filter((s) => s.condition.broadcaster_user_id === account!.id && s.status === 'enabled');
      },
      (found) => found.length > 0,
      { timeoutMs: 30_000, what: 'the enabled redemption subscription' },
    );
    expect(subscriptions[0]!.transport.callback).to.equal(`${base}/api/v1/twitch/eventsub`);
  });
});
