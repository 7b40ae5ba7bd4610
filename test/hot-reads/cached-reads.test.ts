import { expect } from 'chai';
import { startTestService, type TestService, type TestUser } from '@aurastream/service/testing';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
import type { ExtensionPanelResponse } from '@aurastream/contract';
import {
  createStreamer,
  generateAssets,
  newExtensionSecret,
  requestPanel,
  viewerToken,
  type Asset,
  type Streamer,
} from '../extension/support';

/** Every answer of the hot paths keeps what the middleware is there for. */
function expectRequestIdAndSecurityHeaders(response: Response, what: string): void {
  expect(response.headers.get('x-request-id'), `${what}: X-Request-Id`).to.match(/^[\w-]{1,64}$/);
  expect(response.headers.get('x-content-type-options'), `${what}: nosniff`).to.equal('nosniff');
  expect(response.headers.get('content-security-policy'), `${what}: CSP`).to.include("default-src 'self'");
  expect(response.headers.get('x-frame-options'), `${what}: framing`).to.equal('SAMEORIGIN');
  expect(response.headers.get('x-powered-by'), `${what}: x-powered-by`).to.equal(null);
}

describe('hot read paths: cached answers, ETags and what every answer keeps', function () {
  this.timeout(90_000);
  const secret = newExtensionSecret();
  let twitch: FakeTwitch;
  let app: TestService;
  let nova: Streamer;
  let rex: TestUser;
  let emote: Asset;
  let badge: Asset;
  /** One file per design, so the panel lists it by its own id. */
  let panelDesign: Asset;

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${app.url}${path}`, { headers });
  const bearer = (user: TestUser) => ({ authorization: `Bearer ${user.accessToken}` });
  const panelToken = () => viewerToken({ channelId: nova.channelId, secret, opaqueUserId: 'Uviewer1' });

  before(async () => {
    twitch = await startFakeTwitch();
    app = await startTestService({
      ...twitch.serviceEnv,
      TWITCH_EXTENSION_SECRET: secret,
      TWITCH_EXTENSION_CLIENT_ID: 'auraextensionhot01',
      EXTENSION_CACHE_SECONDS: '600',
      READ_CACHE_SECONDS: '600',
      GENERATION_REQUESTS_PER_MINUTE: '1000',
    });
    nova = await createStreamer(app, twitch, { login: 'novahot', displayName: 'NovaHot' });
    rex = await app.createUser({ tier: 'pro', displayName: 'Rex' });
    [emote] = (await generateAssets(nova.api, 'emote')) as [Asset];
    [badge] = (await generateAssets(nova.api, 'badge')) as [Asset];
    [panelDesign] = (await generateAssets(nova.api, 'panel')) as [Asset];
  });
  after(async () => {
    await app?.stop();
    await twitch?.stop();
  });

  describe('the public asset', () => {
    it('answers with an ETag, then 304 without a body while it is unchanged', async () => {
      const first = await get(`/api/v1/asset/${emote.id}`);
      expect(first.status).to.equal(200);
      expect(first.headers.get('content-type')).to.match(/^application\/json/);
      expect(first.headers.get('cache-control')).to.equal('public, max-age=300');
      const etag = first.headers.get('etag') as string;
      expect(etag).to.match(/^"[\w-]+"$/);
      const body = (await first.json()) as { id: string; asset_type: string };
      expect(body.id).to.equal(emote.id);

      const again = await get(`/api/v1/asset/${emote.id}`);
      expect(again.headers.get('etag')).to.equal(etag);
      expect(await again.json()).to.deep.equal(body);

      const notModified = await get(`/api/v1/asset/${emote.id}`, { 'if-none-match': etag });
      expect(notModified.status).to.equal(304);
      expect(await notModified.text()).to.equal('');
      expect(notModified.headers.get('etag')).to.equal(etag);
      expect((await get(`/api/v1/asset/${emote.id}`, { 'if-none-match': '"stale"' })).status).to.equal(200);
    });

    it('is never served from the cache once private or deleted, and comes back when public again', async () => {
      const cached = await get(`/api/v1/asset/${badge.id}`);
      expect(cached.status).to.equal(200);
      const etag = cached.headers.get('etag') as string;

      await nova.api.assets.setVisibility({ params: { id: badge.id }, body: { isPublic: false } });
      expect((await get(`/api/v1/asset/${badge.id}`)).status).to.equal(404);
      // a client's copy is not confirmed either
      expect((await get(`/api/v1/asset/${badge.id}`, { 'if-none-match': etag })).status).to.equal(404);

      await nova.api.assets.setVisibility({ params: { id: badge.id }, body: { isPublic: true } });
      expect((await get(`/api/v1/asset/${badge.id}`)).status).to.equal(200);

      await nova.api.assets.delete({ params: { id: badge.id }, query: {} });
      expect((await get(`/api/v1/asset/${badge.id}`)).status).to.equal(404);
      await nova.api.assets.restore({ params: { id: badge.id } });
      expect((await get(`/api/v1/asset/${badge.id}`)).status).to.equal(200);
    });

    it('still validates the id before anything is read', async () => {
      const response = await get('/api/v1/asset/not-a-uuid');
      expect(response.status).to.equal(422);
      const body = (await response.json()) as { error: { code: string; details: Array<{ field: string }> } };
      expect(body.error.code).to.equal('validation_failed');
      expect(body.error.details.map((issue) => issue.field)).to.deep.equal(['id']);
    });
  });

  describe("a streamer's brand kit list", () => {
    it('shows each streamer only their own kits, and a change at once, with 304s in between', async () => {
      await nova.api.brandKits.create({ body: { name: 'Nova Neon' } });
      const listOf = async (user: TestUser, headers: Record<string, string> = {}) =>
        get('/api/v1/brand-kits', { ...bearer(user), ...headers });
      const names = async (response: Response) =>
        ((await response.json()) as { brand_kits: Array<{ name: string }> }).brand_kits.map((kit) => kit.name);

      const novaFirst = await listOf(nova);
      expect(novaFirst.headers.get('cache-control')).to.equal('private, no-cache');
      expect(await names(novaFirst)).to.deep.equal(['Nova Neon']);
      expect(await names(await listOf(rex))).to.deep.equal([]);
      const etag = novaFirst.headers.get('etag') as string;
      expect((await listOf(nova, { 'if-none-match': etag })).status).to.equal(304);
      // another user holding Nova's ETag gets their own list, not a confirmation of hers
      expect((await listOf(rex, { 'if-none-match': etag })).status).to.equal(200);

      await rex.api.brandKits.create({ body: { name: 'Rex Red' } });
      expect(await names(await listOf(rex))).to.deep.equal(['Rex Red']);
      expect(await names(await listOf(nova))).to.deep.equal(['Nova Neon']);
      // Rex's change leaves Nova's list (and her copy of it) alone
      expect((await listOf(nova, { 'if-none-match': etag })).status).to.equal(304);

      const [kit] = (await nova.api.brandKits.list()).brandKits;
      await nova.api.brandKits.update({ params: { id: kit!.id }, body: { name: 'Nova Violet' } });
      const renamed = await listOf(nova, { 'if-none-match': etag });
      expect(renamed.status).to.equal(200);
      expect(await names(renamed)).to.deep.equal(['Nova Violet']);
    });

    it('still refuses a request without a valid access token', async () => {
      expect((await get('/api/v1/brand-kits')).status).to.equal(401);
      expect((await get('/api/v1/brand-kits', { authorization: 'Bearer forged.token.here' })).status).to.equal(401);
    });
  });

  describe("the panel's showcase", () => {
    it('answers with an ETag and 304s, and shows a change through the service at once', async () => {
      const token = await panelToken();
      const first = await requestPanel(app, token);
      expect(first.status).to.equal(200);
      expect(first.headers.get('cache-control')).to.equal('private, no-cache');
      const etag = first.headers.get('etag') as string;
      const panel = (await first.json()) as ExtensionPanelResponse;
      expect(panel.assets.map((asset) => asset.id)).to.include(panelDesign.id);

      const notModified = await fetch(`${app.url}/api/v1/extension/panel`, {
        headers: { authorization: `Bearer ${token}`, 'if-none-match': etag },
      });
      expect(notModified.status).to.equal(304);

      await nova.api.assets.setVisibility({ params: { id: panelDesign.id }, body: { isPublic: false } });
      const hidden = await fetch(`${app.url}/api/v1/extension/panel`, {
        headers: { authorization: `Bearer ${token}`, 'if-none-match': etag },
      });
      expect(hidden.status).to.equal(200);
      const shown = ((await hidden.json()) as ExtensionPanelResponse).assets.map((asset) => asset.id);
      expect(shown).to.not.include(panelDesign.id);
      await nova.api.assets.setVisibility({ params: { id: panelDesign.id }, body: { isPublic: true } });
    });

    it('shows a new brand colour and new designs at once', async () => {
      const token = await panelToken();
      const before = (await (await requestPanel(app, token)).json()) as ExtensionPanelResponse;
      const kit = await nova.api.brandKits.create({ body: { name: 'Lime', primaryColors: ['#84CC16'] } });
      await nova.api.brandKits.activate({ params: { id: kit.id } });
      const recoloured = (await (await requestPanel(app, token)).json()) as ExtensionPanelResponse;
      expect(recoloured.channel.brand?.primary_colors).to.deep.equal(['#84CC16']);
      expect(recoloured.total).to.equal(before.total);

      const [banner] = (await generateAssets(nova.api, 'banner')) as [Asset];
      const after = (await (await requestPanel(app, token)).json()) as ExtensionPanelResponse;
      expect(after.total).to.equal(before.total + 1);
      expect(after.assets.map((asset) => asset.id)).to.include(banner.id);
    });

    it('still checks the viewer token before answering from the cache', async () => {
      expect((await requestPanel(app, null)).status).to.equal(401);
      const forged = await viewerToken({ channelId: nova.channelId, secret: newExtensionSecret() });
      expect((await requestPanel(app, forged)).status).to.equal(401);
    });
  });

  it('keeps a request id and the security headers on every hot path, 304s and refusals included', async () => {
    const token = await panelToken();
    const asset = await get(`/api/v1/asset/${emote.id}`);
    const kits = await get('/api/v1/brand-kits', bearer(nova));
    const panel = await requestPanel(app, token);
    const answers: Array<[string, Response]> = [
      ['health', await get('/health')],
      ['brand kit list', kits],
      [
        'brand kit list, 304',
        await get('/api/v1/brand-kits', { ...bearer(nova), 'if-none-match': kits.headers.get('etag') as string }),
      ],
      ['brand kit list, 401', await get('/api/v1/brand-kits')],
      ['public asset', asset],
      [
        'public asset, 304',
        await get(`/api/v1/asset/${emote.id}`, { 'if-none-match': asset.headers.get('etag') as string }),
      ],
      ['public asset, 404', await get('/api/v1/asset/00000000-0000-4000-8000-000000000000')],
      ['public asset, 422', await get('/api/v1/asset/nope')],
      ['panel', panel],
      [
        'panel, 304',
        await fetch(`${app.url}/api/v1/extension/panel`, {
          headers: { authorization: `Bearer ${token}`, 'if-none-match': panel.headers.get('etag') as string },
        }),
      ],
      ['unknown route', await get('/api/v1/no-such-thing')],
    ];
    for (const [what, response] of answers) {
      expectRequestIdAndSecurityHeaders(response, what);
    }
    const ids = answers.map(([, response]) => response.headers.get('x-request-id'));
    expect(new Set(ids).size, 'a fresh id per request').to.equal(ids.length);
    expect((await get('/health', { 'x-request-id': 'trace-hot-1' })).headers.get('x-request-id')).to.equal(
      'trace-hot-1',
    );
  });
});
