import { randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { createAuraStreamClient, type ApiError, type AuraStreamClient } from '@aurastream/contract';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
import { keepChildLogs, sharedInfrastructure, testLogLevel } from '@aurastream/service/testing';
import { logoForm, makeImage } from '../brand-kits/images';
import { connectTwitch } from '../channel-points/support';
import { collectChunks, only, textOf } from '../coach/support';
import { postEventSub, sentMessage } from '../eventsub/support';
import { eventually } from '../support/eventually';
import { connectRealtime, jobOfEvent, pollUntil, waitForJobEnd } from '../generation/support';
import { startS3rver, type S3rverHandle } from '../storage/s3rver-server';
import { startServiceProcess, type ServiceProcess } from './service-process';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PASSWORD = 'scale-out correct horse battery';

/**
 * Several hosts that share only MongoDB, Redis and an S3-compatible store: two service instances
 * and a worker, each a process of its own with its own port and data folder, none a node:cluster
 * child of another.
 */
describe('scale-out: two service instances and a worker sharing only MongoDB, Redis and S3', function () {
  this.timeout(240_000);
  let s3: S3rverHandle;
  let twitch: FakeTwitch;
  let env: Record<string, string>;
  let a: ServiceProcess;
  let b: ServiceProcess;
  let worker: ServiceProcess;
  const clientOf = (instance: ServiceProcess, accessToken: string | null = null): AuraStreamClient =>
    createAuraStreamClient({ baseUrl: instance.url, getAccessToken: () => accessToken });

  before(async () => {
    const infrastructure = await sharedInfrastructure();
    s3 = await startS3rver('aura-scale-out');
    twitch = await startFakeTwitch();
    const unique = randomBytes(6).toString('hex');
    // what a deployment shares: the databases, the bucket and the secrets; nothing on disk
    env = {
      NODE_ENV: 'test',
      LOG_LEVEL: testLogLevel(),
      MONGODB_URI: infrastructure.mongoUri,
      MONGODB_DB_NAME: `scale_out_${unique}`,
      REDIS_URL: infrastructure.redisUrl,
      REDIS_KEY_PREFIX: `scale-out:${unique}:`,
      JWT_SECRET: randomBytes(32).toString('hex'),
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      TWITCH_EVENTSUB_SECRET: randomBytes(16).toString('hex'),
      TWITCH_EXTENSION_SECRET: randomBytes(32).toString('base64'),
      METRICS_TOKEN: randomBytes(16).toString('hex'),
      SERVICE_PROCESSES: '1',
      RUN_WORKER: 'false',
      BCRYPT_COST: '4',
      GENERATION_REQUESTS_PER_MINUTE: '2',
      COACH_OFFLINE_TOKEN_DELAY_MS: '0',
      ...s3.env,
      ...twitch.serviceEnv,
      // the chat bot would be a process of its own on another host
      CHAT_BOT_IN_PROCESS: 'false',
    };
    [a, b, worker] = await Promise.all([
      startServiceProcess('service-a', 'service', env),
      startServiceProcess('service-b', 'service', env),
      startServiceProcess('worker', 'worker', { ...env, LOG_LEVEL: 'info' }),
    ]);
  });

  after(async () => {
    await Promise.all([a, b, worker].filter(Boolean).map((instance) => instance.stop()));
    await s3?.close();
    await twitch?.stop();
    if (env) {
      const client = await MongoClient.connect(env.MONGODB_URI as string);
      await client
        .db(env.MONGODB_DB_NAME)
        .dropDatabase()
        .catch(() => undefined);
      await client.close();
    }
  });

  /** Signs up through `a`, signs in through `b`; a studio account when asked (the admin CLI). */
  async function newAccount(tier: 'free' | 'studio' = 'free') {
    const email = `streamer-${randomUUID()}@example.test`;
    await clientOf(a).auth.signup({ body: { email, password: PASSWORD, displayName: 'Scale Out' } });
    if (tier !== 'free') {
      await runAdminCli(['set-tier', email, tier]);
    }
    const session = await clientOf(b).auth.login({ body: { email, password: PASSWORD } });
    return { email, session, onA: clientOf(a, session.accessToken), onB: clientOf(b, session.accessToken) };
  }

  /** `npm run admin`, against the shared database. */
  async function runAdminCli(args: string[]): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'service/src/admin/cli.ts', ...args], {
      cwd: repositoryRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // its standard output is what it answers (a credential it made); its logs go to standard error
    keepChildLogs(child, 'admin-cli', ['stderr']);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) {
      throw new Error(`npm run admin -- ${args.join(' ')} exited with ${code}:\n${output}`);
    }
  }

  it('runs as separate processes, none of which serves or runs the work of another', () => {
    expect(new Set([a.url, b.url]).size).to.equal(2);
    expect(worker.output()).to.include('AuraStream worker is running');
  });

  it('shares sessions: signed up on one, signed in on the other, refreshed and signed out across them', async () => {
    const { session, onA, onB } = await newAccount();
    expect((await onA.auth.me()).displayName).to.equal('Scale Out');
    // a refresh token works once, wherever it is presented
    const refreshed = await clientOf(a).auth.refresh({ body: { refreshToken: session.refreshToken } });
    const reused = await clientOf(b)
      .auth.refresh({ body: { refreshToken: session.refreshToken } })
      .then(
        () => null,
        (error: ApiError) => error,
      );
    expect(reused?.status).to.equal(401);
    expect(reused?.code).to.equal('refresh_token_reused');
    // reusing it ended the session everywhere: the access tokens of it stop working on both instances
    for (const client of [onA, onB, clientOf(a, refreshed.accessToken)]) {
      const refused = await pollUntil(
        () =>
          client.auth.me().then(
            () => 200,
            (error: ApiError) => error.status,
          ),
        (status) => status === 401,
        { what: 'the ended session to be refused' },
      );
      expect(refused).to.equal(401);
    }
  });

  it("streams a job's progress to a socket.io client of the other instance, and the worker runs it", async () => {
    const { session, onA } = await newAccount();
    const realtime = await connectRealtime(b.url, session.accessToken);
    try {
      const job = await onA.twitch.generate({ body: { assetType: 'emote', customPrompt: 'scale out cat' } });
      const completed = await realtime.waitFor('job.completed', (payload) => jobOfEvent(payload).id === job.id);
      expect(jobOfEvent(completed).status).to.equal('completed');
      expect(
        realtime.events.some((entry) => entry.event === 'job.progress' && jobOfEvent(entry.payload).id === job.id),
      ).to.equal(true);
      // neither service instance runs jobs (RUN_WORKER=false): the worker process did
      expect((await waitForJobEnd(onA, job.id)).status).to.equal('completed');
    } finally {
      realtime.close();
    }
  });

  it('shares rate limits: the generation limit counts requests made on either instance', async () => {
    const { onA, onB } = await newAccount();
    await onA.twitch.generate({ body: { assetType: 'emote', customPrompt: 'first' } });
    await onB.twitch.generate({ body: { assetType: 'emote', customPrompt: 'second' } });
    const third = await onA.twitch.generate({ body: { assetType: 'emote', customPrompt: 'third' } }).then(
      () => null,
      (error: ApiError) => error,
    );
    expect(third?.status).to.equal(429);
  });

  it('continues a coach session started on one instance on the other', async () => {
    const { onA, onB } = await newAccount('studio');
    const opening = await collectChunks(
      await onA.coach.start({ body: { assetType: 'twitch_emote', description: 'my orange cat raging at the screen' } }),
    );
    const sessionId = only(opening, 'done').metadata.sessionId;
    const answer = await collectChunks(
      await onB.coach.sendMessage({ params: { id: sessionId }, body: { message: 'no text, make it pixel art' } }),
    );
    expect(textOf(answer).length).to.be.greaterThan(0);
    expect(only(answer, 'done').metadata).to.include({ sessionId, turnsUsed: 2 });
    const seen = await onA.coach.getSession({ params: { id: sessionId } });
    expect(seen.messages.filter((message) => message.role === 'user').map((message) => message.content)).to.include(
      'no text, make it pixel art',
    );
  });

  it('makes one idea of an EventSub delivery that reaches both instances, processed by the worker', async () => {
    const { onA, session } = await newAccount('studio');
    const login = `scaleout${randomUUID().slice(0, 8)}`;
    const channel = twitch.addUser({ login, display_name: login, broadcaster_type: 'affiliate' });
    await connectTwitch(a, twitch, session.accessToken, channel.id, 'channel_points');
    const reward = await onA.channelPoints.update({ body: { enabled: true, globalCooldownSeconds: 0 } });
    await twitch.eventSub.settle();
    const viewer = twitch.addUser({ login: `viewer${randomUUID().slice(0, 6)}`, broadcaster_type: '' }).id;
    // Twitch's own attempt is refused (a forged signature): only the signed copies below do the work
    const { redemption, deliveries } = await twitch.eventSub.redeem({
      channel: channel.id,
      viewer,
      text: 'a frog on two hosts',
      reward: reward.twitchRewardId!,
      delivery: { forgeSignature: true },
    });
    const sent = sentMessage(twitch, deliveries[0]!.messageId);
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        postEventSub(
          index % 2 === 0 ? a : b,
          { id: sent.messageId, type: 'notification', body: sent.body },
          {
            secret: env.TWITCH_EVENTSUB_SECRET,
          },
        ),
      ),
    );
    expect(answers.map((answer) => answer.status)).to.deep.equal(Array(6).fill(204));
    const ideasOf = async () =>
      (await onA.ideas.list({ query: {} })).ideas.filter((idea) => idea.redemption?.redemptionId === redemption.id);
    expect(await eventually(async () => (await ideasOf()).length === 1, 20_000), 'one idea').to.equal(true);
    // time for a second copy to make another, were it going to
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await ideasOf(), 'still one idea').to.have.length(1);
  });

  it('serves a file uploaded through one instance from the other, straight from the bucket', async () => {
    const { onA, onB } = await newAccount();
    const kit = await onA.brandKits.create({ body: { name: 'Everywhere' } });
    const logo = await onA.brandKits.uploadLogo({
      params: { id: kit.id },
      body: logoForm(await makeImage('png'), { logoType: 'primary' }),
    });
    const key = logo.url.slice(`${a.url}/files/`.length);
    expect(key).to.match(/^users\//);
    const fromA = await fetch(logo.url);
    const fromB = await fetch(`${b.url}/files/${key}`, { redirect: 'manual' });
    expect(fromB.status).to.equal(302);
    expect(fromB.headers.get('location')?.startsWith(`${s3.endpoint}/aura-scale-out/${key}?`)).to.equal(true);
    const followed = await fetch(`${b.url}/files/${key}`);
    expect(followed.status).to.equal(200);
    expect(Buffer.from(await followed.arrayBuffer()).equals(Buffer.from(await fromA.arrayBuffer()))).to.equal(true);
    // and the other instance knows the logo
    expect((await onB.brandKits.getLogo({ params: { id: kit.id, type: 'primary' } })).url).to.include(key);
  });
});
