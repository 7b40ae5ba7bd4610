import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { startTestService, type TestService, type TestUser } from '@aurastream/service/testing';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
import { scrape, valueOf } from '../observability/prometheus';
import { comparableHeaders } from '../support/answer-comparison';
import {
  createStreamer,
  generateAssets,
  newExtensionSecret,
  viewerToken,
  type Asset,
  type Streamer,
} from '../extension/support';

const headersOf = (response: Response): Record<string, string> => comparableHeaders(response.headers);

/**
 * The fast path answers the hottest reads ahead of Express; Express answers whatever it does not take,
 * such as the same path in other letters (Express matches paths case-insensitively, the fast path
 * only exactly). So each read is asked both ways, and the answers must be the same.
 */
const throughExpress = (path: string) => path.replace(/^\/(api|health)/, (start) => start.toUpperCase());

describe('the fast path: the hottest reads answered ahead of Express, exactly as Express answers them', function () {
  this.timeout(90_000);
  const secret = newExtensionSecret();
  const metricsToken = `metrics-${randomUUID()}`;
  let twitch: FakeTwitch;
  let app: TestService;
  let nova: Streamer;
  let emote: Asset;
  let viewer: string;

  const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
    fetch(`${app.url}${path}`, { method, headers });
  const bearer = (user: TestUser) => ({ authorization: `Bearer ${user.accessToken}` });

  /** The same request through the fast path and through Express: status, headers and body alike. */
  async function expectSameAnswers(path: string, headers: Record<string, string> = {}, method = 'GET') {
    const fast = await get(path, headers, method);
    const express = await get(throughExpress(path), headers, method);
    expect(fast.status, `${method} ${path}: status`).to.equal(express.status);
    expect(headersOf(fast), `${method} ${path}: headers`).to.deep.equal(headersOf(express));
    expect(fast.headers.get('x-request-id'), `${method} ${path}: a request id`).to.match(/^[\w-]{1,64}$/);
    expect(await fast.text(), `${method} ${path}: body`).to.equal(await express.text());
    return fast;
  }

  before(async () => {
    twitch = await startFakeTwitch();
    app = await startTestService({
      ...twitch.serviceEnv,
      TWITCH_EXTENSION_SECRET: secret,
      TWITCH_EXTENSION_CLIENT_ID: 'aurafastpath01',
      CORS_ORIGINS: 'https://dashboard.example.test',
      METRICS_TOKEN: metricsToken,
      GENERATION_REQUESTS_PER_MINUTE: '1000',
    });
    nova = await createStreamer(app, twitch, { login: 'novafast', displayName: 'NovaFast' });
    await nova.api.brandKits.create({ body: { name: 'Nova Neon' } });
    [emote] = (await generateAssets(nova.api, 'emote')) as [Asset];
    await nova.api.assets.setVisibility({ params: { id: emote.id }, body: { isPublic: true } });
    viewer = await viewerToken({ channelId: nova.channelId, secret, opaqueUserId: 'Ufastviewer' });
  });
  after(async () => {
    await app?.stop();
    await twitch?.stop();
  });

  it('answers each hot read, its 304 and its HEAD as Express does, security headers included', async () => {
    const reads: Array<[string, Record<string, string>]> = [
      ['/health', {}],
      [`/api/v1/asset/${emote.id}`, {}],
      ['/api/v1/brand-kits', bearer(nova)],
      ['/api/v1/extension/panel', { authorization: `Bearer ${viewer}` }],
      ['/api/v1/extension/ideas', { 'x-extension-jwt': viewer }],
    ];
    for (const [path, headers] of reads) {
      const first = await expectSameAnswers(path, headers);
      expect(first.status, path).to.equal(200);
      expect(first.headers.get('content-security-policy'), path).to.include("frame-ancestors 'self'");
      expect(first.headers.get('x-frame-options'), path).to.equal('SAMEORIGIN');
      expect(first.headers.get('x-powered-by'), path).to.equal(null);
      const etag = first.headers.get('etag');
      if (etag) {
        const notModified = await expectSameAnswers(path, { ...headers, 'if-none-match': etag });
        expect(notModified.status, path).to.equal(304);
      }
      await expectSameAnswers(path, headers, 'HEAD');
    }
  });

  it('gives a browser origin the CORS answer Express gives it, allowed or not', async () => {
    for (const origin of [
      'https://dashboard.example.test',
      'https://aurafastpath01.ext-twitch.tv',
      'https://evil.example',
    ]) {
      const response = await expectSameAnswers(`/api/v1/asset/${emote.id}`, { origin });
      const allowed = origin !== 'https://evil.example';
      expect(response.headers.get('access-control-allow-origin'), origin).to.equal(allowed ? origin : null);
    }
  });

  it('hands refusals to Express: the same error envelope, status and headers', async () => {
    for (const [path, headers] of [
      ['/api/v1/brand-kits', {}],
      ['/api/v1/brand-kits', { authorization: 'Bearer not-a-token' }],
      ['/api/v1/extension/panel', {}],
      ['/api/v1/asset/not-a-uuid', {}],
      [`/api/v1/asset/${randomUUID()}`, {}],
    ] as Array<[string, Record<string, string>]>) {
      const response = await expectSameAnswers(path, headers);
      expect(response.status, path).to.be.oneOf([401, 404, 422]);
    }
    const refused = await get('/api/v1/brand-kits');
    expect(((await refused.json()) as { error: { code: string } }).error.code).to.be.a('string');
  });

  it('leaves what it does not answer exactly (a trailing slash, a POST, another route) to Express', async () => {
    expect((await get('/api/v1/brand-kits/', bearer(nova))).status).to.equal(200);
    expect((await get(`/api/v1/asset/${emote.id}/image`)).headers.get('content-type')).to.equal('image/png');
    const post = await fetch(`${app.url}/health`, { method: 'POST' });
    expect(post.status).to.equal(404);
  });

  it('counts its answers in the route metrics, under the route template', async () => {
    const before = await scrape(`${app.url}/metrics`, metricsToken);
    const labels = { method: 'GET', route: '/api/v1/asset/{id}', status: '200' };
    const counted = (samples: typeof before) =>
      valueOf(samples, 'aurastream_http_request_duration_seconds_count', labels);
    for (let i = 0; i < 3; i++) {
      expect((await get(`/api/v1/asset/${emote.id}`)).status).to.equal(200);
    }
    const after = await scrape(`${app.url}/metrics`, metricsToken);
    expect(counted(after) - counted(before)).to.equal(3);
  });
});

describe('the fast path under a per-IP limit', function () {
  this.timeout(60_000);
  const secret = newExtensionSecret();
  let twitch: FakeTwitch;
  let app: TestService;
  let viewer: string;

  before(async () => {
    twitch = await startFakeTwitch();
    app = await startTestService({
      ...twitch.serviceEnv,
      TWITCH_EXTENSION_SECRET: secret,
      TWITCH_EXTENSION_CLIENT_ID: 'aurafastlimit01',
      EXTENSION_RATE_LIMIT_PER_IP: '3/60',
    });
    const nova = await createStreamer(app, twitch, { login: 'novalimit', displayName: 'NovaLimit' });
    viewer = await viewerToken({ channelId: nova.channelId, secret, opaqueUserId: 'Ulimitviewer' });
  });
  after(async () => {
    await app?.stop();
    await twitch?.stop();
  });

  it('counts each request once, a refused token included, then answers 429 with Retry-After', async () => {
    const panel = (authorization?: string) =>
      fetch(`${app.url}/api/v1/extension/panel`, { headers: authorization ? { authorization } : {} });
    // a forged token costs its sender one request, counted on the fast path and not again by Express
    expect((await panel('Bearer forged')).status).to.equal(401);
    expect((await panel(`Bearer ${viewer}`)).status).to.equal(200);
    expect((await panel(`Bearer ${viewer}`)).status).to.equal(200);
    const limited = await panel(`Bearer ${viewer}`);
    expect(limited.status).to.equal(429);
    expect(Number(limited.headers.get('retry-after'))).to.be.greaterThan(0);
    expect(((await limited.json()) as { error: { code: string } }).error.code).to.equal('rate_limited');
  });
});
