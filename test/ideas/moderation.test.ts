import { expect } from 'chai';
import { startTestService, type IdeaOutcomeListener, type TestService } from '@aurastream/service/testing';
import { liveEventSchema, type LiveEvent } from '@aurastream/contract';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
import { connectRealtime, pollUntil, waitForJobEnd, type RealtimeClient } from '../generation/support';
import { actor, configure, createStreamer, ideasApi, refusal, submit, viewer, type Streamer } from './support';

describe('ideas: moderation, generation and live events', function () {
  this.timeout(90_000);
  let twitch: FakeTwitch;
  let app: TestService;
  let nova: Streamer;
  let rex: Streamer;
  let live: RealtimeClient;
  const outcomes: Array<{ outcome: string; ideaId: string; redemption: unknown }> = [];
  let stopListening: () => void;

  const liveEvents = (): LiveEvent[] =>
    live.events.filter((entry) => entry.event === 'live').map((entry) => liveEventSchema.parse(entry.payload));
  const waitForLive = (type: LiveEvent['type'], ideaId: string) =>
    live.waitFor('live', (payload) => {
      const event = payload as { type: string; idea?: { id: string }; idea_id?: string };
      return event.type === type && (event.idea?.id ?? event.idea_id) === ideaId;
    });

  before(async () => {
    twitch = await startFakeTwitch();
    app = await startTestService({ ...twitch.serviceEnv, GENERATION_REQUESTS_PER_MINUTE: '1000' });
    nova = await createStreamer(app, twitch, { login: 'novamod', displayName: 'NovaMod' });
    rex = await createStreamer(app, twitch, { login: 'rexmod', displayName: 'RexMod' });
    for (const streamer of [nova, rex]) {
      await configure(streamer, { cooldownSeconds: 0, onePendingPerViewer: false });
    }
    const record =
      (outcome: string) =>
      async (idea: { id: string; redemption: unknown }): Promise<void> => {
        outcomes.push({ outcome, ideaId: idea.id, redemption: idea.redemption });
      };
    const listener: IdeaOutcomeListener = {
      onRejected: record('rejected'),
      onReady: record('ready'),
      onFailed: record('failed'),
      onExpired: record('expired'),
    };
    stopListening = app.service.container.ideaIntake.onOutcome(listener);
    live = await connectRealtime(app.url, nova.accessToken);
  });

  after(async () => {
    live?.close();
    stopListening?.();
    await app?.stop();
    await twitch?.stop();
  });

  it('approves an idea into a job whose private, AI-made assets credit the viewer, and the idea becomes ready', async () => {
    await nova.api.brandKits.create({ body: { name: 'Neon', primaryColors: ['#8B5CF6'] } });
    const redemption = { rewardId: 'reward-9', redemptionId: 'redemption-9' };
    const idea = await app.service.container.ideaIntake.submitForChannel(nova.channelId, {
      source: 'channel_points',
      text: 'a frog wearing a crown',
      viewer: viewer({ name: 'FrogFan' }),
      redemption,
    });
    await waitForLive('idea.submitted', idea.id);

    const approved = await nova.api.ideas.approve({
      params: { id: idea.id },
      body: { prompt: 'a smiling frog wearing a golden crown, bold outline' },
    });
    expect(approved.status).to.equal('generating');
    expect(approved.prompt).to.equal('a smiling frog wearing a golden crown, bold outline');
    expect(approved.moderation?.decidedBy.kind).to.equal('streamer');
    expect(approved.jobId).to.be.a('string');

    const job = await waitForJobEnd(nova.api, approved.jobId!);
    expect(job.status, job.errorMessage ?? '').to.equal('completed');
    expect(job.origin).to.deep.include({ kind: 'idea', ideaId: idea.id, viewerDisplayName: 'FrogFan' });
    expect(job.customPrompt).to.equal('a smiling frog wearing a golden crown, bold outline');
    expect(job.brandKitId, 'the active brand kit').to.be.a('string');

    const ready = await pollUntil(
      () => nova.api.ideas.get({ params: { id: idea.id } }),
      (stored) => stored.status === 'ready',
      { what: 'the idea to be ready' },
    );
    const { assets } = await nova.api.generation.getJobAssets({ params: { id: job.id } });
    expect(assets.length).to.be.greaterThan(0);
    expect(ready.assetIds).to.have.members(assets.map((asset) => asset.id));
    for (const asset of assets) {
      expect(asset.isPublic, 'private until the streamer publishes it').to.equal(false);
      expect(asset.generationParams.aiGenerated).to.equal(true);
      expect(asset.generationParams.credit).to.deep.equal({
        ideaId: idea.id,
        ideaNumber: idea.number,
        viewerDisplayName: 'FrogFan',
        source: 'channel_points',
      });
    }

    // the events the dashboard saw, in order, and the outcome the channel-points feature hears
    const readyEvent = await waitForLive('idea.ready', idea.id);
    expect((readyEvent as { asset_ids: string[] }).asset_ids).to.have.members(ready.assetIds);
    const types = liveEvents()
      .filter((event) => ('idea' in event ? event.idea.id : 'idea_id' in event ? event.idea_id : null) === idea.id)
      .map((event) => event.type);
    expect(types[0]).to.equal('idea.submitted');
    expect(types).to.include('idea.approved');
    expect(types[types.length - 1]).to.equal('idea.ready');
    await pollUntil(
      async () => outcomes.filter((entry) => entry.ideaId === idea.id),
      (heard) => heard.length === 1,
      { what: 'the ready outcome' },
    );
    expect(outcomes.find((entry) => entry.ideaId === idea.id)).to.deep.include({
      outcome: 'ready',
      redemption: { reward_id: 'reward-9', redemption_id: 'redemption-9', status: 'UNFULFILLED' },
    });

    // publishing is the library's one action; the panel shows it from then on
    const [first] = assets;
    const published = await nova.api.assets.setVisibility({ params: { id: first!.id }, body: { isPublic: true } });
    expect(published.isPublic).to.equal(true);
    // the credit stays with the asset
    expect(
      (await nova.api.assets.get({ params: { id: first!.id } })).generationParams.credit?.viewerDisplayName,
    ).to.equal('FrogFan');
  });

  it('keeps the streamer’s own generations private too, without a viewer credit', async () => {
    const queued = await nova.api.twitch.generate({ body: { assetType: 'emote', customPrompt: 'my own frog' } });
    const job = await waitForJobEnd(nova.api, queued.id);
    expect(job.origin).to.equal(null);
    const { assets } = await nova.api.generation.getJobAssets({ params: { id: job.id } });
    expect(assets.every((asset) => !asset.isPublic && (asset.generationParams.credit ?? null) === null)).to.equal(true);
  });

  it('approves with the suggested prompt when the moderator sends none', async () => {
    const idea = await submit(app, nova.channelId, viewer(), { text: 'a sleepy cat' });
    const stored = await nova.api.ideas.get({ params: { id: idea.id } });
    const approved = await nova.api.ideas.approve({ params: { id: idea.id }, body: {} });
    expect(approved.prompt).to.equal(stored.suggestedPrompt);
    await waitForJobEnd(nova.api, approved.jobId!);
  });

  it('rejects with a reason, refuses to decide twice, and tells the listeners once', async () => {
    const idea = await submit(app, nova.channelId, viewer(), { text: 'a spooky ghost' });
    const rejected = await nova.api.ideas.reject({ params: { id: idea.id }, body: { reason: 'not on brand' } });
    expect(rejected.status).to.equal('rejected');
    expect(rejected.moderation?.reason).to.equal('not on brand');
    const event = await waitForLive('idea.rejected', idea.id);
    expect((event as { reason: string }).reason).to.equal('not on brand');

    const twice = await refusal(nova.api.ideas.approve({ params: { id: idea.id }, body: {} }));
    expect(twice).to.include({ status: 409, code: 'idea_not_pending' });
    expect(twice.details).to.deep.include({ status: 'rejected' });
    expect((await refusal(nova.api.ideas.reject({ params: { id: idea.id }, body: {} }))).status).to.equal(409);

    await pollUntil(
      async () => outcomes.filter((entry) => entry.ideaId === idea.id),
      (heard) => heard.length === 1,
      { what: 'the rejected outcome' },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(outcomes.filter((entry) => entry.ideaId === idea.id).map((entry) => entry.outcome)).to.deep.equal([
      'rejected',
    ]);
  });

  it('lets exactly one of two racing moderators decide', async () => {
    const idea = await submit(app, nova.channelId, viewer(), { text: 'a racing snail' });
    const decisions = await Promise.allSettled([
      nova.api.ideas.reject({ params: { id: idea.id }, body: {} }),
      ideasApi(app).moderate(
        actor(nova.channelId, viewer({ badges: { moderator: true } })),
        { id: idea.id },
        {
          action: 'reject',
        },
      ),
    ]);
    expect(decisions.filter((decision) => decision.status === 'fulfilled')).to.have.length(1);
  });

  it('deletes an idea and its votes; a pending one is rejected first', async () => {
    const idea = await submit(app, nova.channelId, viewer(), { text: 'a short-lived idea' });
    await ideasApi(app).vote(actor(nova.channelId, viewer()), { id: idea.id });
    await nova.api.ideas.delete({ params: { id: idea.id } });
    expect((await refusal(nova.api.ideas.get({ params: { id: idea.id } }))).status).to.equal(404);
    await pollUntil(
      async () => outcomes.filter((entry) => entry.ideaId === idea.id),
      (heard) => heard.length === 1,
      { what: 'the rejected outcome of a deleted idea' },
    );
  });

  it('refuses to delete an idea while it is being made', async () => {
    const idea = await submit(app, nova.channelId, viewer(), { text: 'an idea in the making' });
    // as it is between approval and the job's end
    const db = app.service.infra.mongo.connection.db!;
    await db.collection('ideas').updateOne({ _id: idea.id as never }, { $set: { status: 'generating' } });
    const refused = await refusal(nova.api.ideas.delete({ params: { id: idea.id } }));
    expect(refused).to.include({ status: 409, code: 'idea_not_pending' });
    expect(refused.message).to.contain('being made');
    expect((await nova.api.ideas.get({ params: { id: idea.id } })).status).to.equal('generating');
  });

  describe('moderators from the panel and chat', () => {
    const mod = (twitchUserId: string) =>
      viewer({ twitchUserId, name: `mod_${twitchUserId}`, badges: { moderator: true } });

    it('lets every moderator decide by default, and records who did', async () => {
      const idea = await submit(app, nova.channelId, viewer(), { text: 'a moderated frog' });
      const decided = await ideasApi(app).moderate(
        actor(nova.channelId, mod('4242')),
        { number: idea.number },
        {
          action: 'reject',
          reason: 'duplicate',
        },
      );
      expect(decided.status).to.equal('rejected');
      const stored = await nova.api.ideas.get({ params: { id: idea.id } });
      expect(stored.moderation?.decidedBy).to.deep.equal({
        kind: 'moderator',
        displayName: 'mod_4242',
        twitchUserId: '4242',
      });
    });

    it('lets only listed moderators decide when the streamer lists them, and none when turned off', async () => {
      await configure(nova, { moderators: 'listed', moderatorTwitchUserIds: ['5151'] });
      const idea = await submit(app, nova.channelId, viewer(), { text: 'a listed frog' });
      const unlisted = await refusal(
        ideasApi(app).moderate(actor(nova.channelId, mod('6262')), { id: idea.id }, { action: 'approve' }),
      );
      expect(unlisted).to.include({ status: 403, code: 'idea_moderation_forbidden' });
      const chatter = await refusal(
        ideasApi(app).moderate(actor(nova.channelId, viewer()), { id: idea.id }, { action: 'reject' }),
      );
      expect(chatter.code).to.equal('idea_moderation_forbidden');
      await ideasApi(app).moderate(actor(nova.channelId, mod('5151')), { id: idea.id }, { action: 'reject' });

      await configure(nova, { moderators: 'none' });
      const another = await submit(app, nova.channelId, viewer(), { text: 'an unmoderated frog' });
      const none = await refusal(
        ideasApi(app).moderate(actor(nova.channelId, mod('5151')), { id: another.id }, { action: 'reject' }),
      );
      expect(none.code).to.equal('idea_moderation_forbidden');
      // the broadcaster always may
      const broadcaster = viewer({ twitchUserId: nova.channelId, badges: { broadcaster: true } });
      const byBroadcaster = await ideasApi(app).moderate(
        actor(nova.channelId, broadcaster),
        { id: another.id },
        {
          action: 'reject',
        },
      );
      expect(byBroadcaster.status).to.equal('rejected');
      await configure(nova, { moderators: 'all' });
    });
  });

  describe("another streamer's ideas", () => {
    it('answer 404 on every dashboard endpoint, and stay as they were', async () => {
      const idea = await submit(app, rex.channelId, viewer(), { text: "rex's idea" });
      const attempts = [
        () => nova.api.ideas.get({ params: { id: idea.id } }),
        () => nova.api.ideas.approve({ params: { id: idea.id }, body: {} }),
        () => nova.api.ideas.reject({ params: { id: idea.id }, body: {} }),
        () => nova.api.ideas.delete({ params: { id: idea.id } }),
      ];
      for (const attempt of attempts) {
        expect(await refusal(attempt())).to.include({ status: 404, code: 'idea_not_found' });
      }
      expect((await nova.api.ideas.list({ query: { limit: 100 } })).ideas.map((each) => each.id)).to.not.include(
        idea.id,
      );
      expect((await rex.api.ideas.get({ params: { id: idea.id } })).status).to.equal('pending');
      // a moderator of Nova's channel cannot reach it through Nova's channel either
      const crossChannel = await refusal(
        ideasApi(app).moderate(
          actor(nova.channelId, viewer({ badges: { moderator: true } })),
          { id: idea.id },
          {
            action: 'reject',
          },
        ),
      );
      expect(crossChannel.status).to.equal(404);
      // nor did Nova's dashboard hear of it
      expect(liveEvents().some((event) => 'idea' in event && event.idea.id === idea.id)).to.equal(false);
    });

    it('answers 422 for an id that is not one', async () => {
      const response = await fetch(`${app.url}/api/v1/ideas/not-a-uuid`, {
        headers: { authorization: `Bearer ${nova.accessToken}` },
      });
      expect(response.status).to.equal(422);
    });
  });
});
