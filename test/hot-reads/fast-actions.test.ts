import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { expect } from 'chai';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
import { pollUntil } from '../generation/support';
import { scrape, valueOf, type Sample } from '../observability/prometheus';
import { createStreamer, newExtensionSecret, viewerToken, type Streamer } from '../extension/support';
import { comparableHeaders } from '../support/answer-comparison';

/** Besides those of every answer, a rate-limit window's remaining seconds differ between two answers. */
const ALSO_VARYING = ['retry-after'];

interface Answer {
  step: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One service, with the fast path on or off, and what a scenario needs of it. */
interface Side {
  app: TestService;
  nova: Streamer;
  rex: Streamer;
  metricsToken: string;
}

const secret = newExtensionSecret();
const VIEWER_LIMIT = 4;
/** An idea no channel has, the same on both sides. */
const UNKNOWN_IDEA = '0b7a9a1e-6a55-4c55-9a43-1f1f7c3e2d10';

async function startSide(twitch: FakeTwitch, fastPath: boolean): Promise<Side> {
  const metricsToken = `metrics-${randomUUID()}`;
  const app = await startTestService(
    {
      ...twitch.serviceEnv,
      HTTP_FAST_PATH: String(fastPath),
      TWITCH_EXTENSION_SECRET: secret,
      TWITCH_EXTENSION_CLIENT_ID: 'aurafastvote01',
      CORS_ORIGINS: 'https://dashboard.example.test',
      METRICS_TOKEN: metricsToken,
      EXTENSION_RATE_LIMIT_PER_VIEWER: `${VIEWER_LIMIT}/60`,
      // every answer's log line, a 200's (debug) too
      LOG_LEVEL: 'debug',
    },
    { captureLogs: true },
  );
  const suffix = fastPath ? 'fast' : 'express';
  const nova = await createStreamer(app, twitch, { login: `novavote${suffix}`, displayName: 'NovaVote' });
  const rex = await createStreamer(app, twitch, { login: `rexvote${suffix}`, displayName: 'RexVote' });
  for (const streamer of [nova, rex]) {
    await streamer.api.ideas.updateSettings({ body: { cooldownSeconds: 0 } });
  }
  return { app, nova, rex, metricsToken };
}

/**
 * The same votes, refusals and oddities against one service; every answer with the ids it holds
 * (ideas, channels) replaced by names, so the fast path's answers and Express's can be compared
 * whole. Also answers what Redis and MongoDB hold of the votes afterwards.
 */
async function voteScenario({ app, nova, rex }: Side) {
  const answers: Answer[] = [];
  const names = new Map<string, string>([
    [nova.channelId, '<nova channel>'],
    [rex.channelId, '<rex channel>'],
  ]);
  const token = (channelId: string, opaqueUserId: string) => viewerToken({ channelId, secret, opaqueUserId });
  const suggest = async (streamer: Streamer, name: string) => {
    const response = await fetch(`${app.url}/api/v1/extension/ideas`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await token(streamer.channelId, `U${name}author`)}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ text: `a ${name} emote` }),
    });
    expect(response.status, await response.clone().text()).to.equal(201);
    const { id } = (await response.json()) as { id: string };
    names.set(id, `<${name}>`);
    return id;
  };
  const normalised = (text: string) => [...names].reduce((result, [id, name]) => result.split(id).join(name), text);
  const ask = async (
    step: string,
    path: string,
    init: { method?: string; headers?: Record<string, string>; body?: string },
  ) => {
    const response = await fetch(`${app.url}${path}`, { method: init.method ?? 'POST', ...init });
    const headers = comparableHeaders(response.headers, ALSO_VARYING);
    const answer = { step, status: response.status, headers, body: normalised(await response.text()) };
    answers.push(answer);
    return { answer, response };
  };
  const vote = (step: string, ideaId: string, authorization: string | null, extra: Record<string, string> = {}) =>
    ask(step, `/api/v1/extension/ideas/${ideaId}/vote`, {
      headers: { ...(authorization ? { authorization } : {}), ...extra },
    });
  const bearer = async (channelId: string, opaqueUserId: string) => `Bearer ${await token(channelId, opaqueUserId)}`;

  const frog = await suggest(nova, 'frog');
  const closed = await suggest(nova, 'closed');
  const rexIdea = await suggest(rex, 'rex');
  await nova.api.ideas.reject({ params: { id: closed }, body: { reason: 'not today' } });

  await vote('first vote', frog, await bearer(nova.channelId, 'Uada'));
  await vote('second viewer, the panel’s own header', frog, null, {
    'x-extension-jwt': await token(nova.channelId, 'Ubob'),
  });
  await vote('double vote', frog, await bearer(nova.channelId, 'Uada'));
  await vote('a closed idea', closed, await bearer(nova.channelId, 'Ucyd'));
  await vote('another channel’s idea', rexIdea, await bearer(nova.channelId, 'Udee'));
  await vote('an unknown idea', UNKNOWN_IDEA, await bearer(nova.channelId, 'Udee'));
  await vote('not an id', 'not-a-uuid', await bearer(nova.channelId, 'Udee'));
  await vote('no token', frog, null);
  await vote(
    'a forged token',
    frog,
    `Bearer ${await viewerToken({ channelId: nova.channelId, secret: newExtensionSecret() })}`,
  );
  await vote(
    'an expired token',
    frog,
    `Bearer ${await viewerToken({ channelId: nova.channelId, secret, expiresInSeconds: -120 })}`,
  );
  await vote('from an allowed origin', frog, await bearer(nova.channelId, 'Ueve'), {
    origin: 'https://aurafastvote01.ext-twitch.tv',
  });
  await vote('from another origin', frog, await bearer(nova.channelId, 'Ufay'), { origin: 'https://evil.example' });
  await ask('the CORS preflight', `/api/v1/extension/ideas/${frog}/vote`, {
    method: 'OPTIONS',
    headers: {
      origin: 'https://aurafastvote01.ext-twitch.tv',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization',
    },
  });
  await ask('a vote with a body (Express reads it)', `/api/v1/extension/ideas/${frog}/vote`, {
    headers: { authorization: await bearer(nova.channelId, 'Ugus'), 'content-type': 'application/json' },
    body: '{}',
  });

  // a viewer at their limit: every request counts (the refused double vote too), the last is refused
  const busy = await bearer(nova.channelId, 'Ubusy');
  const pending = [frog, await suggest(nova, 'busy1'), await suggest(nova, 'busy2'), await suggest(nova, 'busy3')];
  for (const [index, ideaId] of pending.slice(0, VIEWER_LIMIT - 1).entries()) {
    await vote(`busy viewer's vote ${index + 1}`, ideaId, busy);
  }
  await vote('busy viewer, double vote (counted)', frog, busy);
  const refusedIdea = pending[VIEWER_LIMIT - 1]!;
  const { response: limited } = await vote('busy viewer, over the limit', refusedIdea, busy);

  // what the limits counted, request by request, refusals included
  const counter = (key: string) => app.service.infra.redis.get(`ratelimit:${key}`).then(Number);
  const counted = {
    perIp: await counter('extension-ip:127.0.0.1'),
    perChannel: await counter(`extension-channel:${nova.channelId}`),
    perBusyViewer: await counter('extension-viewer:Ubusy'),
  };

  const ideas = app.service.container.apis.ideas;
  const votesOf = async (ideaId: string) =>
    (await ideas.listForChannel(nova.channelId, { status: 'pending', limit: 100 })).find((idea) => idea.id === ideaId)
      ?.votes;
  const rowsOf = (ideaId: string) =>
    app.service.infra.mongo.connection.db!.collection('idea_votes').countDocuments({ idea_id: ideaId });
  // once the votes taken are written behind, the refused one must have left no trace
  await pollUntil(
    () => rowsOf(frog),
    (rows) => rows === 6,
    { what: 'the frog’s votes written to MongoDB' },
  );
  return {
    answers,
    retryAfter: Number(limited.headers.get('retry-after')),
    refused: {
      votes: await votesOf(refusedIdea),
      busyIsAVoter: await app.service.infra.redis.sismember(`ideas:voters:${refusedIdea}`, 'o:Ubusy'),
      rows: await rowsOf(refusedIdea),
    },
    frogVotes: await votesOf(frog),
    counted,
    frog,
    voteLogLines: voteLogLinesOf(app, normalised),
  };
}

/**
 * The request log lines of the votes so far, each as it reads whatever answered it, less what
 * differs between any two requests (ids, times, ports, the tokens sent), sorted.
 */
function voteLogLinesOf(app: TestService, normalised: (text: string) => string): string[] {
  return (app.logs?.records() ?? [])
    .filter((line) => String((line.req as { url?: string } | undefined)?.url).endsWith('/vote'))
    .map((line) => {
      const req = line.req as { method: string; url: string };
      const res = line.res as { statusCode: number; headers: Record<string, unknown> };
      // by name: the order a log line lists them in says nothing
      const headers = comparableHeaders(res.headers, ALSO_VARYING);
      return normalised(
        JSON.stringify({
          level: line.level,
          msg: line.msg,
          req: { method: req.method, url: req.url },
          res: { statusCode: res.statusCode, headers },
          err: line.err === undefined ? undefined : (line.err as { message?: string }).message,
        }),
      );
    })
    .sort();
}

/**
 * A vote's status and the names of its answer's headers in the order they were written. Express's
 * request log middleware writes `X-Request-Id` before anything else; the fast path writes it after
 * the headers it worked out in advance, so the order tells which of the two answered.
 */
function voteHeaderOrder(
  url: string,
  authorization: string,
  body?: { text: string; chunked: boolean },
): Promise<{ status: number; names: string[] }> {
  const framing = !body
    ? { 'content-length': '0' }
    : body.chunked
      ? { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }
      : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body.text)) };
  return new Promise((resolve, reject) => {
    const sent = request(url, { method: 'POST', headers: { authorization, ...framing } }, (response) => {
      response.resume();
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          names: response.rawHeaders.filter((_, index) => index % 2 === 0).map((name) => name.toLowerCase()),
        }),
      );
    });
    sent.on('error', reject);
    sent.end(body?.text);
  });
}

describe('the fast path for actions: a vote answered ahead of Express, exactly as Express answers it', function () {
  this.timeout(120_000);
  let twitch: FakeTwitch;
  let fast: Side;
  let express: Side;
  let fastRun: Awaited<ReturnType<typeof voteScenario>>;
  let expressRun: Awaited<ReturnType<typeof voteScenario>>;
  let metricsBefore: Sample[];
  let metricsAfter: Sample[];

  before(async () => {
    twitch = await startFakeTwitch();
    fast = await startSide(twitch, true);
    express = await startSide(twitch, false);
    metricsBefore = await scrape(`${fast.app.url}/metrics`, fast.metricsToken);
    fastRun = await voteScenario(fast);
    metricsAfter = await scrape(`${fast.app.url}/metrics`, fast.metricsToken);
    expressRun = await voteScenario(express);
  });
  after(async () => {
    await fast?.app.stop();
    await express?.app.stop();
    await twitch?.stop();
  });

  const statusOf = (step: string) => fastRun.answers.find((answer) => answer.step === step)?.status;

  it('answers votes, refusals and oddities with the status, headers and body HTTP_FAST_PATH=false gives', () => {
    for (const [index, answer] of fastRun.answers.entries()) {
      expect(answer, answer.step).to.deep.equal(expressRun.answers[index]);
    }
    expect(fastRun.answers).to.have.length(expressRun.answers.length);
    expect(statusOf('first vote')).to.equal(200);
    expect(JSON.parse(fastRun.answers[0]!.body)).to.deep.equal({ idea_id: '<frog>', number: 1, votes: 1 });
    expect(fastRun.answers[0]!.headers).to.include({ 'content-type': 'application/json; charset=utf-8' });
    expect(fastRun.answers[0]!.headers['content-security-policy']).to.include("frame-ancestors 'self'");
    expect(statusOf('double vote')).to.equal(409);
    expect(statusOf('a closed idea')).to.equal(409);
    expect(statusOf('another channel’s idea')).to.equal(404);
    expect(statusOf('an unknown idea')).to.equal(404);
    expect(statusOf('not an id')).to.equal(422);
    expect(statusOf('no token')).to.equal(401);
    expect(statusOf('a forged token')).to.equal(401);
    expect(statusOf('an expired token')).to.equal(401);
    expect(statusOf('from an allowed origin')).to.equal(200);
    expect(fastRun.answers.find((answer) => answer.step === 'from an allowed origin')?.headers).to.include({
      'access-control-allow-origin': 'https://aurafastvote01.ext-twitch.tv',
    });
    expect(statusOf('the CORS preflight')).to.equal(204);
    expect(statusOf('a vote with a body (Express reads it)')).to.equal(200);
    expect(statusOf('busy viewer, double vote (counted)')).to.equal(409);
    expect(statusOf('busy viewer, over the limit')).to.equal(429);
    expect(fastRun.retryAfter).to.be.within(1, 60);
    expect(expressRun.retryAfter).to.be.within(1, 60);
    // ada, bob, eve, fay, gus and the busy viewer
    expect(fastRun.frogVotes).to.equal(6);
    expect(expressRun.frogVotes).to.equal(6);
  });

  it('answers the vote on the fast path itself when it is on, and through Express when it is off', async () => {
    for (const [side, run, expressAnswered] of [
      [fast, fastRun, false],
      [express, expressRun, true],
    ] as const) {
      const authorization = `Bearer ${await viewerToken({ channelId: side.nova.channelId, secret, opaqueUserId: 'Uhal' })}`;
      const { status, names } = await voteHeaderOrder(
        `${side.app.url}/api/v1/extension/ideas/${run.frog}/vote`,
        authorization,
      );
      expect(status).to.equal(200);
      expect(names, 'a request id').to.include('x-request-id');
      expect(names[0] === 'x-request-id', `headers in the order written: ${names.join(', ')}`).to.equal(
        expressAnswered,
      );
    }
    // a vote that carries a body, with its length or in chunks, is Express's even with the fast path on
    for (const [viewer, chunked] of [
      ['Uian', false],
      ['Ujo', true],
    ] as const) {
      const authorization = `Bearer ${await viewerToken({ channelId: fast.nova.channelId, secret, opaqueUserId: viewer })}`;
      const { status, names } = await voteHeaderOrder(
        `${fast.app.url}/api/v1/extension/ideas/${fastRun.frog}/vote`,
        authorization,
        { text: '{}', chunked },
      );
      expect(status, viewer).to.equal(200);
      expect(names[0], `chunked: ${chunked}`).to.equal('x-request-id');
    }
  });

  it('logs each vote as Express logs it: level, message, request, status and headers', () => {
    expect(fastRun.voteLogLines).to.have.length(expressRun.voteLogLines.length);
    for (const [index, line] of fastRun.voteLogLines.entries()) {
      expect(line).to.equal(expressRun.voteLogLines[index]);
    }
    // the votes answered 200 are there, with their headers
    const answered = fastRun.voteLogLines.filter((line) => line.includes('"statusCode":200'));
    expect(answered).to.have.length(8);
    expect(answered[0]).to.include('content-security-policy');
  });

  it('counts every request against the per-IP, per-channel and per-viewer limits as Express counts them', () => {
    expect(fastRun.counted).to.deep.equal(expressRun.counted);
    // the busy viewer's four requests; the channel's votes and suggestions; every request from the address
    expect(fastRun.counted.perBusyViewer).to.equal(VIEWER_LIMIT + 1);
    expect(fastRun.counted.perChannel).to.be.greaterThan(10);
    expect(fastRun.counted.perIp).to.be.greaterThan(fastRun.counted.perChannel);
  });

  it('changes nothing for a refused vote: no count, no voter, no row', () => {
    for (const run of [fastRun, expressRun]) {
      expect(run.refused).to.deep.equal({ votes: 0, busyIsAVoter: 0, rows: 0 });
    }
  });

  it('counts its answers in the route metrics, under the route template', () => {
    const counted = (samples: Sample[], status: string) =>
      valueOf(samples, 'aurastream_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/api/v1/extension/ideas/{id}/vote',
        status,
      });
    // ada, bob, eve, fay, gus and the busy viewer's three
    expect(counted(metricsAfter, '200') - counted(metricsBefore, '200')).to.equal(8);
    expect(counted(metricsAfter, '409') - counted(metricsBefore, '409')).to.equal(3);
    expect(counted(metricsAfter, '429') - counted(metricsBefore, '429')).to.equal(1);
  });
});
