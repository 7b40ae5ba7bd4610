import { expect } from 'chai';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { collectChunks, only, sequenceOf, textOf } from './support';

describe("Prompt Coach grounding in AuraStream's own data", () => {
  let app: TestService;

  before(async () => {
    app = await startTestService({ COACH_OFFLINE_TOKEN_DELAY_MS: '0' });
  });

  after(async () => {
    await app.stop();
  });

  it('streams what is popular on AuraStream before answering, and keeps it in the session', async () => {
    // analytics learns what gets generated, and its flush writes the daily popularity
    const admin = await app.createUser({ role: 'admin' });
    const event = (assetType: string, index: number) => ({
      eventName: 'asset_generated',
      category: 'feature' as const,
      properties: {},
      timestamp: new Date(Date.now() - 60_000).toISOString(),
      sessionId: `grounding-session-${index}`,
      assetType: assetType as 'twitch_emote',
    });
    await admin.api.analytics.ingest({
      body: {
        events: [
          ...Array.from({ length: 5 }, (_unused, index) => event('twitch_emote', index)),
          ...Array.from({ length: 2 }, (_unused, index) => event('overlay', index)),
        ],
      },
    });
    await admin.api.analytics.flush();

    const { api } = await app.createUser({ tier: 'studio' });
    const chunks = await collectChunks(
      await api.coach.start({ body: { assetType: 'twitch_emote', description: 'a hype frog', brandContext: null } }),
    );
    expect(sequenceOf(chunks)).to.deep.equal(['grounding', 'grounding_complete', 'token', 'done']);
    const grounding = only(chunks, 'grounding');
    expect(grounding.metadata).to.deep.equal({
      source: 'popular_asset_types',
      days: 7,
      assetTypes: [
        { assetType: 'twitch_emote', count: 5 },
        { assetType: 'overlay', count: 2 },
      ],
    });
    expect(grounding.content).to.match(/twitch emote, overlay/);
    expect(only(chunks, 'grounding_complete').metadata).to.deep.equal({
      sources: ['popular_asset_types'],
      twitchConnected: false,
    });
    expect(textOf(chunks)).to.match(/Twitch emotes are among the most made assets on AuraStream right now/);

    const id = only(chunks, 'done').metadata.sessionId;
    const session = await api.coach.getSession({ params: { id } });
    expect(session.grounding).to.deep.equal([grounding.metadata]);
    // grounding runs once per session: later answers reuse it
    const next = await collectChunks(await api.coach.sendMessage({ params: { id }, body: { message: 'no text' } }));
    expect(sequenceOf(next)).to.deep.equal(['token', 'intent_ready', 'done']);
  });
});
