import { expect } from 'chai';
import { startTestService, type TestService } from '@aurastream/service/testing';
import type { ExtensionPanelResponse } from '@aurastream/contract';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
import { createStreamer, errorCodeOf, generateAssets, requestPanel, type Streamer } from './support';

async function devToken(app: TestService, body: unknown): Promise<Response> {
  return fetch(`${app.url}/api/v1/extension/dev-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('extension in development: harness tokens and the showcase cache', function () {
  this.timeout(60_000);
  let twitch: FakeTwitch;
  let app: TestService;
  let streamer: Streamer;

  before(async () => {
    twitch = await startFakeTwitch();
    // no TWITCH_EXTENSION_SECRET: the service generates a development one
    app = await startTestService({ ...twitch.serviceEnv, EXTENSION_CACHE_SECONDS: '600' });
    streamer = await createStreamer(app, twitch, { login: 'pixelpaws', displayName: 'PixelPaws' });
  });

  after(async () => {
    await app?.stop();
    await twitch?.stop();
  });

  it('signs viewer tokens the panel endpoint accepts, through the typed client', async () => {
    const issued = await app.api.extension.devToken({ body: { channelId: streamer.channelId } });
    expect(issued).to.include({ channelId: streamer.channelId, role: 'viewer' });
    expect(issued.opaqueUserId).to.match(/^A/);
    const expiresInMs = Date.parse(issued.expiresAt) - Date.now();
    expect(expiresInMs).to.be.within(0, 3600_000);

    const viewerApi = app.clientFor(issued.token);
    const panel = await viewerApi.extension.panel();
    expect(panel).to.deep.equal({ channel: { displayName: 'PixelPaws', brand: null }, assets: [], total: 0 });
  });

  it('checks the requested channel and role', async () => {
    const response = await devToken(app, { channel_id: 'not-a-channel', role: 'admin' });
    expect(response.status).to.equal(422);
    const body = (await response.json()) as { error: { details: Array<{ field: string }> } };
    expect(body.error.details.map((issue) => issue.field).sort()).to.deep.equal(['channel_id', 'role']);
  });

  it("serves a channel's showcase from the cache for EXTENSION_CACHE_SECONDS, and a change through the service at once", async () => {
    const other = await createStreamer(app, twitch, { login: 'cachedcat', displayName: 'CachedCat' });
    const [panelAsset, secondAsset] = [
      ...(await generateAssets(other.api, 'panel')),
      ...(await generateAssets(other.api, 'panel')),
    ];
    const { token } = (await (await devToken(app, { channel_id: other.channelId })).json()) as { token: string };
    const first = (await (await requestPanel(app, token)).json()) as ExtensionPanelResponse;
    expect(first.assets.map((asset) => asset.id)).to.have.members([panelAsset!.id, secondAsset!.id]);

    // a change made beside the service (straight in the database) waits for the cache to lapse
    await app.service.infra.mongo.connection
      .collection('assets')
      .updateOne({ _id: secondAsset!.id as never }, { $set: { is_public: false } });
    const cached = (await (await requestPanel(app, token)).json()) as ExtensionPanelResponse;
    expect(cached).to.deep.equal(first);

    // one made through the service retires the cached showcase on every instance at once
    await other.api.assets.setVisibility({ params: { id: panelAsset!.id }, body: { isPublic: false } });
    const current = (await (await requestPanel(app, token)).json()) as ExtensionPanelResponse;
    expect(current.assets).to.deep.equal([]);
    // the image itself follows visibility at once: a hidden design's picture stops loading
    expect((await fetch(first.assets.find((asset) => asset.id === panelAsset!.id)!.url)).status).to.equal(404);
  });

  it('still refuses tokens it did not sign', async () => {
    const response = await requestPanel(app, 'eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2lnbmF0dXJl');
    expect(response.status).to.equal(401);
    expect(await errorCodeOf(response)).to.equal('extension_token_invalid');
  });
});
