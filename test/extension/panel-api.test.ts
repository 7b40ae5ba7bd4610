import { expect } from 'chai';
import { startTestService, type TestService } from '@aurastream/service/testing';
import type { ExtensionPanelResponse } from '@aurastream/contract';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
import {
  createStreamer,
  errorCodeOf,
  generateAssets,
  newExtensionSecret,
  requestPanel,
  viewerToken,
  type Asset,
  type Streamer,
} from './support';

const EXTENSION_CLIENT_ID = 'auraextensiontest01';

describe('extension panel API', function () {
  this.timeout(60_000);
  const secret = newExtensionSecret();
  let twitch: FakeTwitch;
  let app: TestService;
  let nova: Streamer;
  let novaEmotes: Asset[];
  let novaPanel: Asset;
  let novaBadges: Asset[];
  let rex: Streamer;
  let rexBanner: Asset;

  const panelOf = async (channelId: string, opaqueUserId?: string): Promise<ExtensionPanelResponse> => {
    const response = await requestPanel(app, await viewerToken({ channelId, secret, opaqueUserId }));
    expect(response.status, await response.clone().text()).to.equal(200);
    return (await response.json()) as ExtensionPanelResponse;
  };

  before(async () => {
    twitch = await startFakeTwitch();
    app = await startTestService({
      ...twitch.serviceEnv,
      TWITCH_EXTENSION_SECRET: secret,
      TWITCH_EXTENSION_CLIENT_ID: EXTENSION_CLIENT_ID,
      // every change shows at once; the cache has its own test below
      EXTENSION_CACHE_SECONDS: '0',
      EXTENSION_RATE_LIMIT_PER_VIEWER: '20/60',
      GENERATION_REQUESTS_PER_MINUTE: '1000',
    });
    nova = await createStreamer(app, twitch, { login: 'novaglow', displayName: 'NovaGlow' });
    rex = await createStreamer(app, twitch, { login: 'rexplays', displayName: 'RexPlays' });
    await nova.api.brandKits.create({
      body: { name: 'Neon', primaryColors: ['#8B5CF6', '#22D3EE'], accentColors: ['#EC4899'] },
    });
    novaEmotes = await generateAssets(nova.api, 'emote', { variations: 2 });
    [novaPanel] = (await generateAssets(nova.api, 'panel')) as [Asset];
    novaBadges = await generateAssets(nova.api, 'badge');
    await nova.api.assets.setVisibility({ params: { id: novaPanel.id }, body: { isPublic: false } });
    [rexBanner] = (await generateAssets(rex.api, 'banner')) as [Asset];
  });

  after(async () => {
    await app?.stop();
    await twitch?.stop();
  });

  it("answers a viewer with the channel's streamer, brand colours and public designs, newest first", async () => {
    const panel = await panelOf(nova.channelId);
    expect(panel.channel).to.deep.equal({
      display_name: 'NovaGlow',
      brand: { primary_colors: ['#8B5CF6', '#22D3EE'], accent_colors: ['#EC4899'] },
    });
    // the emote's two variations and the badge: each design once, at its largest size
    const largest = (files: Asset[], variation: number) =>
      files.filter((file) => file.generationParams.variation === variation).sort((a, b) => b.width - a.width)[0]!;
    const expected = [largest(novaBadges, 1), largest(novaEmotes, 1), largest(novaEmotes, 2)];
    expect(panel.total).to.equal(3);
    expect(panel.assets.map((asset) => asset.id).sort()).to.deep.equal(expected.map((asset) => asset.id).sort());
    expect(panel.assets[0]!.id).to.equal(expected[0]!.id);
    const times = panel.assets.map((asset) => Date.parse(asset.created_at));
    expect(times).to.deep.equal([...times].sort((a, b) => b - a));
    const emote = panel.assets.find((asset) => asset.asset_type === 'emote')!;
    expect(emote).to.include({ width: 112, height: 112 });
    expect(Object.keys(emote).sort()).to.deep.equal(['asset_type', 'created_at', 'height', 'id', 'url', 'width']);
    expect(emote.url).to.equal(`${app.url}/api/v1/asset/${emote.id}/image`);
    const image = await fetch(emote.url);
    expect(image.status).to.equal(200);
    expect(image.headers.get('content-type')).to.equal('image/png');
  });

  it('never shows private assets, and follows visibility changes', async () => {
    const before = await panelOf(nova.channelId);
    expect(before.assets.map((asset) => asset.id)).to.not.include(novaPanel.id);
    for (const badge of novaBadges) {
      await nova.api.assets.setVisibility({ params: { id: badge.id }, body: { isPublic: false } });
    }
    await nova.api.assets.setVisibility({ params: { id: novaPanel.id }, body: { isPublic: true } });
    const after = await panelOf(nova.channelId);
    const shown = after.assets.map((asset) => asset.id);
    expect(shown).to.include(novaPanel.id);
    for (const badge of novaBadges) {
      expect(shown).to.not.include(badge.id);
    }
    expect(after.total).to.equal(3);
    for (const badge of novaBadges) {
      await nova.api.assets.setVisibility({ params: { id: badge.id }, body: { isPublic: true } });
    }
    await nova.api.assets.setVisibility({ params: { id: novaPanel.id }, body: { isPublic: false } });
  });

  it('keeps new designs off the panel until the streamer publishes them, every size at once', async () => {
    const before = await panelOf(nova.channelId);
    const made = await generateAssets(nova.api, 'emote', { variations: 2, publish: false });
    expect(made.map((asset) => asset.isPublic)).to.deep.equal(made.map(() => false));
    const shownIds = async () => (await panelOf(nova.channelId)).assets.map((asset) => asset.id);
    expect(await shownIds()).to.not.include.members(made.map((asset) => asset.id));
    expect((await panelOf(nova.channelId)).total).to.equal(before.total);

    // publishing names one file (the 28 px) of variation 2: the whole design goes public
    const smallest = made.filter((asset) => asset.generationParams.variation === 2).sort((a, b) => a.width - b.width);
    const published = await nova.api.assets.setDesignsVisibility({
      body: { assetIds: [smallest[0]!.id], isPublic: true },
    });
    expect(published.assets.map((asset) => asset.id).sort()).to.deep.equal(smallest.map((asset) => asset.id).sort());
    expect(published.assets.every((asset) => asset.isPublic)).to.equal(true);
    const after = await panelOf(nova.channelId);
    expect(after.total).to.equal(before.total + 1);
    expect(after.assets[0]!.id).to.equal(smallest.at(-1)!.id);
    const unpublishedVariation = made.filter((asset) => asset.generationParams.variation === 1);
    expect(after.assets.map((asset) => asset.id)).to.not.include.members(unpublishedVariation.map((asset) => asset.id));
    // nor can anyone load a private file's public image
    expect((await fetch(`${app.url}/api/v1/asset/${unpublishedVariation[0]!.id}/image`)).status).to.equal(404);

    await nova.api.assets.setDesignsVisibility({ body: { assetIds: [smallest[0]!.id], isPublic: false } });
    expect((await panelOf(nova.channelId)).total).to.equal(before.total);
  });

  it("shows each channel its own streamer's designs only; no brand without an active kit", async () => {
    const panel = await panelOf(rex.channelId);
    expect(panel.channel).to.deep.equal({ display_name: 'RexPlays', brand: null });
    expect(panel.assets.map((asset) => asset.id)).to.deep.equal([rexBanner.id]);
    expect(panel.total).to.equal(1);
  });

  it("lets only Twitch and this extension's own Twitch origin frame the extension pages", async () => {
    const policy = (await fetch(`${app.url}/extension/panel.html`)).headers.get('content-security-policy') ?? '';
    const ancestors = /frame-ancestors ([^;]*)/.exec(policy)?.[1]?.split(' ');
    expect(ancestors).to.have.members([
      "'self'",
      'https://*.twitch.tv',
      `https://${EXTENSION_CLIENT_ID}.ext-twitch.tv`,
    ]);
  });

  it('takes the token from x-extension-jwt as well, and from every Twitch role', async () => {
    for (const role of ['broadcaster', 'moderator', 'external'] as const) {
      const token = await viewerToken({ channelId: rex.channelId, secret, role });
      const response = await requestPanel(app, token, 'x-extension-jwt');
      expect(response.status, role).to.equal(200);
    }
  });

  it('answers 401 without a token, or with a forged, expired or malformed one', async () => {
    const missing = await requestPanel(app, null);
    expect(missing.status).to.equal(401);
    expect(await errorCodeOf(missing)).to.equal('extension_token_missing');

    const forged = await requestPanel(
      app,
      await viewerToken({ channelId: nova.channelId, secret: newExtensionSecret() }),
    );
    expect(forged.status).to.equal(401);
    expect(await errorCodeOf(forged)).to.equal('extension_token_invalid');

    const expired = await requestPanel(
      app,
      await viewerToken({ channelId: nova.channelId, secret, expiresInSeconds: -120 }),
    );
    expect(expired.status).to.equal(401);
    expect(await errorCodeOf(expired)).to.equal('extension_token_expired');

    // an AuraStream access token is no extension token
    const session = await requestPanel(app, nova.accessToken);
    expect(session.status).to.equal(401);
    expect(await errorCodeOf(session)).to.equal('extension_token_invalid');
  });

  it('answers 404 channel_not_connected for a channel no streamer connected', async () => {
    const response = await requestPanel(app, await viewerToken({ channelId: '4242424242', secret }));
    expect(response.status).to.equal(404);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).to.equal('channel_not_connected');
    expect(body.error.message).to.match(/Twitch channel/);
  });

  it('limits how often one viewer may ask, with Retry-After', async () => {
    const token = await viewerToken({ channelId: rex.channelId, secret, opaqueUserId: 'Ulimitedviewer' });
    const statuses: number[] = [];
    for (let request = 0; request < 21; request += 1) {
      statuses.push((await requestPanel(app, token)).status);
    }
    expect(statuses.slice(0, 20).every((status) => status === 200)).to.equal(true);
    expect(statuses[20]).to.equal(429);
    const refused = await requestPanel(app, token);
    expect(Number(refused.headers.get('retry-after'))).to.be.greaterThan(0);
    // another viewer is unaffected
    expect((await panelOf(rex.channelId, 'Uanotherviewer')).total).to.equal(1);
  });

  it("lets the extension's Twitch origin call the endpoint from a browser", async () => {
    const origin = `https://${EXTENSION_CLIENT_ID}.ext-twitch.tv`;
    const preflight = await fetch(`${app.url}/api/v1/extension/panel`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.status).to.be.within(200, 204);
    expect(preflight.headers.get('access-control-allow-origin')).to.equal(origin);
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).to.include('authorization');
  });

  it('refuses development tokens once Twitch’s secret is configured', async () => {
    const response = await fetch(`${app.url}/api/v1/extension/dev-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel_id: nova.channelId }),
    });
    expect(response.status).to.equal(404);
    expect(await errorCodeOf(response)).to.equal('dev_tokens_disabled');
  });
});
