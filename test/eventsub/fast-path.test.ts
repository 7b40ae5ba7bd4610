import { createHmac, randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { pollUntil } from '../generation/support';
import { connectedStreamer, type ConnectedStreamer } from '../channel-points/support';
import { scrape, valueOf, type Sample } from '../observability/prometheus';
import { comparableHeaders } from '../support/answer-comparison';
import { collections, EVENTSUB_SECRET } from './support';

const CALLBACK = '/api/v1/twitch/eventsub';
const REDEMPTION = 'channel.channel_points_custom_reward_redemption.add';
/** Over the 1 MB the raw parser reads. */
const OVERSIZE = 1024 * 1024 + 1;
/** The same on both sides, as is its answer's ETag. */
const CHALLENGE = `challenge-${randomUUID()}`;

interface Answer {
  step: string;
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Its headers' names in the order written (the fast path writes `X-Request-Id` after the rest). */
  order: string[];
}

/** One service, with the fast path on or off, and a streamer whose reward viewers redeem. */
interface Side {
  app: TestService;
  streamer: ConnectedStreamer;
  rewardId: string;
  metricsToken: string;
}

async function startSide(twitch: FakeTwitch, fastPath: boolean): Promise<Side> {
  const metricsToken = `metrics-${randomUUID()}`;
  const app = await startTestService(
    {
      ...twitch.serviceEnv,
      HTTP_FAST_PATH: String(fastPath),
      TWITCH_EVENTSUB_SECRET: EVENTSUB_SECRET,
      CORS_ORIGINS: 'https://dashboard.example.test',
      METRICS_TOKEN: metricsToken,
      // every answer's log line, a 204's (debug) too
      LOG_LEVEL: 'debug',
    },
    { captureLogs: true },
  );
  const streamer = await connectedStreamer(app, twitch);
  await streamer.api.ideas.updateSettings({ body: { cooldownSeconds: 0, onePendingPerViewer: false } });
  const rewardId = (await streamer.api.channelPoints.update({ body: { enabled: true, globalCooldownSeconds: 0 } }))
    .twitchRewardId!;
  await twitch.eventSub.settle();
  return { app, streamer, rewardId, metricsToken };
}

/** Twitch's headers of a message, signed over `body` (its bytes as sent unless told otherwise). */
function signed(
  message: { id: string; type: string; body: Buffer | string; signedBody?: Buffer | string },
  options: { sentAt?: Date; secret?: string } = {},
): Record<string, string> {
  const timestamp = (options.sentAt ?? new Date()).toISOString();
  const signature = createHmac('sha256', options.secret ?? EVENTSUB_SECRET)
    .update(message.id)
    .update(timestamp)
    .update(message.signedBody ?? message.body)
    .digest('hex');
  return {
    'twitch-eventsub-message-id': message.id,
    'twitch-eventsub-message-timestamp': timestamp,
    'twitch-eventsub-message-signature': `sha256=${signature}`,
    'twitch-eventsub-message-type': message.type,
    'twitch-eventsub-message-retry': '0',
    'twitch-eventsub-subscription-type': REDEMPTION,
    'twitch-eventsub-subscription-version': '1',
  };
}

/** Posts to the callback as sent: the body with its length, or in chunks. */
function post(
  url: string,
  headers: Record<string, string>,
  body: Buffer | string,
  chunked = false,
): Promise<{ status: number; headers: Record<string, string>; body: string; order: string[] }> {
  const bytes = Buffer.from(body);
  const framing = chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(bytes.length) };
  return new Promise((resolve, reject) => {
    const sent = request(`${url}${CALLBACK}`, { method: 'POST', headers: { ...headers, ...framing } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: Object.fromEntries(
            Object.entries(comparableHeaders(response.headers)).map(([name, value]) => [name, String(value)]),
          ),
          body: Buffer.concat(chunks).toString('utf8'),
          order: response.rawHeaders.filter((_, index) => index % 2 === 0).map((name) => name.toLowerCase()),
        }),
      );
    });
    sent.on('error', reject);
    if (chunked) {
      // in pieces, as a client that does not know the length sends it
      for (let at = 0; at < bytes.length; at += 64 * 1024) {
        sent.write(bytes.subarray(at, at + 64 * 1024));
      }
      sent.end();
    } else {
      sent.end(bytes);
    }
  });
}

/** A viewer's redemption of the side's reward, as Twitch sends it. */
function redemption(side: Side, viewer: string, text: string): string {
  const channel = side.streamer.twitchUserId;
  return JSON.stringify({
    subscription: {
      id: randomUUID(),
      type: REDEMPTION,
      version: '1',
      status: 'enabled',
      condition: { broadcaster_user_id: channel, reward_id: side.rewardId },
      transport: { method: 'webhook', callback: `https://example.test${CALLBACK}` },
      created_at: new Date().toISOString(),
    },
    event: {
      id: randomUUID(),
      broadcaster_user_id: channel,
      broadcaster_user_login: side.streamer.login,
      broadcaster_user_name: side.streamer.login,
      user_id: viewer,
      user_login: `viewer${viewer}`,
      user_name: `Viewer${viewer}`,
      user_input: text,
      status: 'unfulfilled',
      reward: { id: side.rewardId, title: 'Suggest an emote', cost: 1000, prompt: '' },
      redeemed_at: new Date().toISOString(),
    },
  });
}

const subscription = (type: string, status = 'enabled') => ({
  id: randomUUID(),
  type,
  version: '1',
  status,
  condition: { broadcaster_user_id: '1' },
  transport: { method: 'webhook', callback: `https://example.test${CALLBACK}` },
  created_at: new Date().toISOString(),
});

/**
 * Every kind of delivery Twitch sends, every refusal and oddity, against one service; the answers
 * with what differs between services (message ids, which each side draws anew) left out, the log
 * lines and metrics they caused, and what MongoDB and Redis hold afterwards.
 */
async function deliveryScenario(side: Side) {
  const { app } = side;
  // the lines of what the scenario sends (not the subscriptions' set-up)
  app.logs?.clear();
  const answers: Answer[] = [];
  const names = new Map<string, string>();
  const named = (name: string) => {
    const id = randomUUID();
    names.set(id, `<${name}>`);
    return id;
  };
  const normalised = (text: string) => [...names].reduce((result, [id, name]) => result.split(id).join(name), text);
  const ask = async (step: string, headers: Record<string, string>, body: Buffer | string, chunked = false) => {
    const answer = await post(app.url, headers, body, chunked);
    answers.push({ step, ...answer, body: normalised(answer.body) });
    return answer;
  };
  const json = { 'content-type': 'application/json' };
  const accepted: string[] = [];
  const deliver = async (
    step: string,
    message: { type: string; body: string },
    extra: Record<string, string> = {},
    chunked = false,
  ) => {
    const id = named(step);
    const answer = await ask(step, { ...json, ...signed({ id, ...message }), ...extra }, message.body, chunked);
    if (answer.status === 204) {
      accepted.push(id);
    }
    return id;
  };

  const challenge = CHALLENGE;
  names.set(challenge, '<challenge>');
  await deliver('the verification challenge', {
    type: 'webhook_callback_verification',
    body: JSON.stringify({ challenge, subscription: subscription('user.authorization.revoke', 'pending') }),
  });
  await deliver('a verification without its challenge', {
    type: 'webhook_callback_verification',
    body: JSON.stringify({ subscription: subscription('user.authorization.revoke', 'pending') }),
  });
  const first = redemption(side, '9100001', 'a frog in a crown');
  const firstId = await deliver('a redemption', { type: 'notification', body: first });
  // Twitch's retry of the same message: its id and body, signed anew
  await ask(
    'the same message again',
    { ...json, ...signed({ id: firstId, type: 'notification', body: first }) },
    first,
  );
  await deliver(
    'a redemption sent in chunks',
    { type: 'notification', body: redemption(side, '9100002', 'x') },
    {},
    true,
  );
  await deliver(
    'a redemption sent as text/plain',
    {
      type: 'notification',
      body: redemption(side, '9100003', 'a cat'),
    },
    { 'content-type': 'text/plain' },
  );
  const gzipped = redemption(side, '9100004', 'a gzipped owl');
  const gzippedId = named('a gzipped redemption');
  await ask(
    'a gzipped redemption, signed over its bytes inflated',
    {
      ...json,
      'content-encoding': 'gzip',
      ...signed({ id: gzippedId, type: 'notification', body: gzipSync(gzipped), signedBody: gzipped }),
    },
    gzipSync(gzipped),
  );
  await deliver('a revocation', {
    type: 'revocation',
    body: JSON.stringify({ subscription: subscription('channel.follow', 'user_removed') }),
  });
  await deliver(
    'from a browser origin',
    { type: 'notification', body: redemption(side, '9100005', 'o') },
    {
      origin: 'https://dashboard.example.test',
    },
  );

  // refusals
  const forgedId = named('forged');
  const forgedBody = redemption(side, '9100006', 'forged');
  await ask(
    'a forged signature',
    { ...json, ...signed({ id: forgedId, type: 'notification', body: forgedBody }, { secret: 'not-the-secret' }) },
    forgedBody,
  );
  const replayBody = redemption(side, '9100007', 'replayed');
  await ask(
    'signed 11 minutes ago',
    {
      ...json,
      ...signed(
        { id: named('stale'), type: 'notification', body: replayBody },
        { sentAt: new Date(Date.now() - 660_000) },
      ),
    },
    replayBody,
  );
  await ask(
    'signed 11 minutes ahead',
    {
      ...json,
      ...signed(
        { id: named('future'), type: 'notification', body: replayBody },
        { sentAt: new Date(Date.now() + 660_000) },
      ),
    },
    replayBody,
  );
  const withoutId = signed({ id: named('no id'), type: 'notification', body: replayBody });
  delete (withoutId as Record<string, string | undefined>)['twitch-eventsub-message-id'];
  await ask('a signature without the message id', { ...json, ...withoutId }, replayBody);
  await ask('no Twitch headers at all', json, replayBody);
  await ask(
    'a signature that is not hex',
    {
      ...json,
      ...signed({ id: named('not hex'), type: 'notification', body: replayBody }),
      'twitch-eventsub-message-signature': 'sha256=zz',
    },
    replayBody,
  );
  await deliver('bad JSON', { type: 'notification', body: '{"subscription": ' });
  await deliver('an empty body', { type: 'notification', body: '' });
  await deliver('JSON that is not an EventSub message', { type: 'notification', body: '{"hello":"world"}' });
  await deliver('a notification without its event', {
    type: 'notification',
    body: JSON.stringify({ subscription: subscription(REDEMPTION) }),
  });
  await deliver('an unknown message type', {
    type: 'notification_v9',
    body: JSON.stringify({ subscription: subscription(REDEMPTION), event: {} }),
  });
  const huge = JSON.stringify({ subscription: subscription(REDEMPTION), event: { pad: 'x'.repeat(OVERSIZE) } });
  await deliver('over the size limit, with its length', { type: 'notification', body: huge });
  await deliver('over the size limit, in chunks', { type: 'notification', body: huge }, {}, true);
  await ask(
    'an encoding the parser does not know',
    {
      ...json,
      'content-encoding': 'compress',
      ...signed({ id: named('compress'), type: 'notification', body: replayBody }),
    },
    replayBody,
  );

  // every accepted delivery processed: what it left behind
  const { deliveries, redemptions } = collections(app);
  const db = app.service.infra.mongo.connection.db!;
  const ids = [...accepted, firstId, gzippedId];
  await pollUntil(
    () => deliveries.countDocuments({ _id: { $in: ids as never[] }, status: { $ne: 'pending' } }),
    (settled) => settled === new Set(ids).size,
    { what: 'the accepted deliveries processed' },
  );
  const redis = app.service.infra.redis;
  const stored = await deliveries
    .find({ _id: { $in: [...names.keys()] as never[] } })
    .project({ message_type: 1, subscription_type: 1, status: 1 })
    .toArray();
  return {
    answers,
    stored: stored.map((row) => normalised(JSON.stringify({ ...row, _id: String(row._id) }))).sort(),
    redemptions: await redemptions.countDocuments({ twitch_broadcaster_id: side.streamer.twitchUserId }),
    ideas: (
      await db.collection('ideas').find({ user_id: side.streamer.user.id }).project({ text: 1, _id: 0 }).toArray()
    )
      .map((idea) => JSON.stringify(idea))
      .sort(),
    claims: (
      await Promise.all([...names].map(async ([id, name]) => `${name}: ${await redis.get(`eventsub:message:${id}`)}`))
    ).sort(),
    logLines: logLinesOf(app, normalised),
  };
}

/**
 * The lines logged about the callback's requests (the request log's, and the EventSub lines it
 * wrote), each less what differs between any two requests (ids, times, ports), sorted.
 */
function logLinesOf(app: TestService, normalised: (text: string) => string): string[] {
  const records = app.logs?.records() ?? [];
  return records
    .filter(
      (line) =>
        String((line.req as { url?: string } | undefined)?.url) === CALLBACK ||
        String(line.msg).startsWith('EventSub') ||
        line.msg === 'request refused before reaching a route',
    )
    .map((line) => {
      const res = line.res as { statusCode: number; headers: Record<string, unknown> } | undefined;
      const headers = res && comparableHeaders(res.headers);
      // less what differs between any two requests: ids, times, the subscription's id each side draws
      const {
        time: _time,
        pid: _pid,
        hostname: _host,
        reqId: _reqId,
        request_id: requestId,
        subscriptionId: _subscriptionId,
        req,
        res: _res,
        responseTime: _rt,
        ...rest
      } = line;
      return normalised(
        JSON.stringify({
          ...rest,
          // every line of a request names it
          request_id: typeof requestId === 'string' ? '<request id>' : requestId,
          req: req && { method: (req as { method: string }).method, url: (req as { url: string }).url },
          res: res && { statusCode: res.statusCode, headers },
          err: line.err === undefined ? undefined : (line.err as { message?: string }).message,
        }),
      );
    })
    .sort();
}

const outcomes = [
  'processed',
  'duplicate',
  'challenge',
  'invalid_signature',
  'stale',
  'revocation',
  'ignored',
  'failed',
];

/** What the scenario added to the EventSub and HTTP metrics. */
function metricsAdded(before: Sample[], after: Sample[]) {
  const added = (name: string, labels: Record<string, string>) =>
    valueOf(after, name, labels) - valueOf(before, name, labels);
  const deliveries = Object.fromEntries(
    outcomes.flatMap((outcome) =>
      [REDEMPTION, 'channel.follow', 'user.authorization.revoke', 'unknown'].map((type) => [
        `${type} ${outcome}`,
        added('aurastream_eventsub_deliveries_total', { subscription_type: type, outcome }),
      ]),
    ),
  );
  const answered = Object.fromEntries(
    ['200', '204', '400', '401', '413', '415', '422'].map((status) => [
      status,
      added('aurastream_http_request_duration_seconds_count', { method: 'POST', route: CALLBACK, status }),
    ]),
  );
  return { deliveries, answered };
}

describe('the fast path for EventSub: a delivery read raw, verified and answered ahead of Express, exactly as Express answers it', function () {
  this.timeout(180_000);
  let twitch: FakeTwitch;
  let fast: Side;
  let express: Side;
  let fastRun: Awaited<ReturnType<typeof deliveryScenario>>;
  let expressRun: Awaited<ReturnType<typeof deliveryScenario>>;
  let fastMetrics: ReturnType<typeof metricsAdded>;
  let expressMetrics: ReturnType<typeof metricsAdded>;

  const run = async (side: Side) => {
    const before = await scrape(`${side.app.url}/metrics`, side.metricsToken);
    const result = await deliveryScenario(side);
    return { result, metrics: metricsAdded(before, await scrape(`${side.app.url}/metrics`, side.metricsToken)) };
  };

  before(async () => {
    twitch = await startFakeTwitch();
    fast = await startSide(twitch, true);
    express = await startSide(twitch, false);
    ({ result: fastRun, metrics: fastMetrics } = await run(fast));
    ({ result: expressRun, metrics: expressMetrics } = await run(express));
  });
  after(async () => {
    await fast?.app.stop();
    await express?.app.stop();
    await twitch?.stop();
  });

  const answerTo = (step: string) => fastRun.answers.find((answer) => answer.step === step);

  it('answers every delivery, refusal and oddity with the status, headers and body HTTP_FAST_PATH=false gives', () => {
    expect(fastRun.answers).to.have.length(expressRun.answers.length);
    for (const [index, { order: _order, ...answer }] of fastRun.answers.entries()) {
      const { order: _expressOrder, ...expected } = expressRun.answers[index]!;
      expect(answer, answer.step).to.deep.equal(expected);
    }
    const statuses = Object.fromEntries(fastRun.answers.map((answer) => [answer.step, answer.status]));
    expect(statuses).to.deep.equal({
      'the verification challenge': 200,
      'a verification without its challenge': 422,
      'a redemption': 204,
      'the same message again': 204,
      'a redemption sent in chunks': 204,
      'a redemption sent as text/plain': 204,
      'a gzipped redemption, signed over its bytes inflated': 204,
      'a revocation': 204,
      'from a browser origin': 204,
      'a forged signature': 401,
      'signed 11 minutes ago': 401,
      'signed 11 minutes ahead': 401,
      'a signature without the message id': 401,
      'no Twitch headers at all': 401,
      'a signature that is not hex': 401,
      'bad JSON': 422,
      'an empty body': 422,
      'JSON that is not an EventSub message': 422,
      'a notification without its event': 422,
      'an unknown message type': 400,
      'over the size limit, with its length': 413,
      'over the size limit, in chunks': 413,
      'an encoding the parser does not know': 415,
    });
    const challenge = answerTo('the verification challenge')!;
    expect(challenge.body).to.equal('<challenge>');
    expect(challenge.headers).to.include({ 'content-type': 'text/plain; charset=utf-8' });
    expect(challenge.headers.etag).to.match(/^W\/"/);
    expect(answerTo('a redemption')!.headers['content-security-policy']).to.be.a('string');
    expect(answerTo('from a browser origin')!.headers).to.include({
      'access-control-allow-origin': 'https://dashboard.example.test',
    });
    expect(JSON.parse(answerTo('a forged signature')!.body)).to.have.nested.property(
      'error.code',
      'eventsub_signature_invalid',
    );
  });

  it('answers deliveries on the fast path itself when it is on, and refusals through Express', () => {
    // Express's request log writes `X-Request-Id` first; the fast path after the headers it worked out
    const expressAnswered = (answer: Answer) => answer.order[0] === 'x-request-id';
    for (const step of ['the verification challenge', 'a redemption', 'the same message again', 'a revocation']) {
      expect(expressAnswered(answerTo(step)!), step).to.equal(false);
      expect(expressAnswered(expressRun.answers.find((answer) => answer.step === step)!), step).to.equal(true);
    }
    for (const step of [
      'a forged signature',
      'bad JSON',
      'over the size limit, in chunks',
      'no Twitch headers at all',
    ]) {
      expect(expressAnswered(answerTo(step)!), step).to.equal(true);
    }
  });

  it('logs each delivery as Express logs it: the request lines, and the refusals at warn', () => {
    const onlyFast = fastRun.logLines.filter((line) => !expressRun.logLines.includes(line));
    const onlyExpress = expressRun.logLines.filter((line) => !fastRun.logLines.includes(line));
    expect({ onlyFast, onlyExpress }).to.deep.equal({ onlyFast: [], onlyExpress: [] });
    expect(fastRun.logLines).to.deep.equal(expressRun.logLines);
    const refused = fastRun.logLines.filter((line) => line.includes('"EventSub delivery refused"'));
    // forged, stale, future, no id, no headers (Express's on either side), not hex
    expect(refused).to.have.length(6);
    expect(refused.every((line) => line.includes('"level":40'))).to.equal(true);
    expect(fastRun.logLines.filter((line) => line.includes('already received'))).to.have.length(1);
  });

  it('counts every delivery and answer in the metrics as Express counts them', () => {
    expect(fastMetrics).to.deep.equal(expressMetrics);
    expect(fastMetrics.answered).to.deep.equal({
      '200': 1,
      '204': 7,
      '400': 1,
      '401': 6,
      '413': 2,
      '415': 1,
      '422': 5,
    });
    expect(fastMetrics.deliveries[`${REDEMPTION} processed`]).to.equal(5);
    expect(fastMetrics.deliveries[`${REDEMPTION} duplicate`]).to.equal(1);
    expect(fastMetrics.deliveries['unknown invalid_signature']).to.equal(4);
    expect(fastMetrics.deliveries['unknown stale']).to.equal(2);
  });

  it('stores each accepted delivery once and makes one idea of each redemption, nothing of a refused one', () => {
    for (const key of ['stored', 'redemptions', 'ideas', 'claims'] as const) {
      expect(fastRun[key], key).to.deep.equal(expressRun[key]);
    }
    // the five redemptions and the revocation; nothing refused
    expect(fastRun.stored).to.have.length(6);
    expect(fastRun.redemptions).to.equal(5);
    expect(fastRun.ideas).to.have.length(5);
    // each claimed in Redis for 30 s; after that the stored record's unique id refuses a redelivery
    expect(fastRun.claims.filter((claim) => claim.endsWith(': claimed'))).to.have.length(6);
  });
});
