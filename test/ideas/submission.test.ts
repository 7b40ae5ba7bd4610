import { expect } from 'chai';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
import { configure, createStreamer, ideasApi, refusal, submit, viewer, type Streamer } from './support';

describe('ideas: who may submit what, and how often', function () {
  this.timeout(60_000);
  let twitch: FakeTwitch;
  let app: TestService;
  let nova: Streamer;

  const intake = () => app.service.container.ideaIntake;

  before(async () => {
    twitch = await startFakeTwitch();
    app = await startTestService({ ...twitch.serviceEnv });
    nova = await createStreamer(app, twitch, { login: 'novaideas', displayName: 'NovaIdeas' });
  });

  after(async () => {
    await app?.stop();
    await twitch?.stop();
  });

  // each test starts from a channel with no cooldown and nothing pending, then sets what it checks
  beforeEach(async () => {
    await configure(nova, {
      enabled: true,
      submitters: 'everyone',
      cooldownSeconds: 0,
      onePendingPerViewer: false,
      blockedTerms: [],
      useDefaultBlockedTerms: true,
      panelRequiresIdentity: false,
      autoApproveSources: [],
      autoApproveRoles: [],
    });
  });

  describe('settings', () => {
    it('starts from defaults where every viewer idea waits for a moderator, and keeps what the streamer changes', async () => {
      const fresh = await createStreamer(app, twitch, { login: 'freshchannel', displayName: 'Fresh' });
      const defaults = await fresh.api.ideas.getSettings();
      expect(defaults).to.include({
        enabled: true,
        submitters: 'everyone',
        onePendingPerViewer: true,
        cooldownSeconds: 60,
        expirySeconds: 86_400,
        useDefaultBlockedTerms: true,
        panelRequiresIdentity: false,
        moderators: 'all',
        updatedAt: null,
      });
      expect(defaults.autoApproveSources).to.deep.equal([]);
      expect(defaults.autoApproveRoles).to.deep.equal([]);

      const changed = await fresh.api.ideas.updateSettings({
        body: { submitters: 'subscribers', blockedTerms: ['Potato', 'potato', 'bad vibes'] },
      });
      expect(changed.submitters).to.equal('subscribers');
      expect(changed.blockedTerms, 'kept once each').to.deep.equal(['Potato', 'bad vibes']);
      expect(changed.updatedAt).to.be.a('string');
      expect((await fresh.api.ideas.getSettings()).submitters).to.equal('subscribers');
    });

    it('refuses a bad setting with 422 and per-field details, changing nothing', async () => {
      const response = await fetch(`${app.url}/api/v1/ideas/settings`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${nova.accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ expiry_seconds: 5, submitters: 'friends', moderator_twitch_user_ids: ['not-an-id'] }),
      });
      expect(response.status).to.equal(422);
      const body = (await response.json()) as { error: { code: string; details: Array<{ field: string }> } };
      expect(body.error.details.map((detail) => detail.field)).to.include.members([
        'expiry_seconds',
        'submitters',
        'moderator_twitch_user_ids.0',
      ]);
      expect((await nova.api.ideas.getSettings()).submitters).to.equal('everyone');
    });

    it('answers 401 without a signed-in streamer', async () => {
      const response = await fetch(`${app.url}/api/v1/ideas/settings`);
      expect(response.status).to.equal(401);
    });
  });

  describe('from each source', () => {
    it('takes an idea from chat, the panel and a channel-point redemption, numbering them per channel', async () => {
      const fromChat = await submit(app, nova.channelId, viewer({ name: 'chatter' }), { text: 'a frog with a crown' });
      const fromPanel = await submit(
        app,
        nova.channelId,
        viewer({ name: 'panelist' }),
        { text: 'a sleepy cat', asset_type: 'badge' },
        'panel',
      );
      const fromRedemption = await intake().submitForChannel(nova.channelId, {
        source: 'channel_points',
        text: 'a neon dragon',
        viewer: viewer({ name: 'redeemer' }),
        redemption: { rewardId: 'reward-1', redemptionId: 'redemption-1' },
      });
      expect([fromChat.source, fromPanel.source, fromRedemption.source]).to.deep.equal([
        'chat',
        'panel',
        'channel_points',
      ]);
      expect(fromPanel.asset_type).to.equal('badge');
      expect(fromRedemption.asset_type, 'default').to.equal('emote');
      expect(fromChat.number + 1).to.equal(fromPanel.number);
      expect(fromPanel.number + 1).to.equal(fromRedemption.number);
      expect(fromRedemption.redemption).to.deep.equal({
        reward_id: 'reward-1',
        redemption_id: 'redemption-1',
        status: 'UNFULFILLED',
      });

      // the dashboard sees them, with the coach's prompt and the viewer's name
      const stored = await nova.api.ideas.get({ params: { id: fromChat.id } });
      expect(stored).to.include({ status: 'pending', text: 'a frog with a crown', votes: 0 });
      expect(stored.viewer).to.include({ displayName: 'chatter', role: 'viewer' });
      expect(stored.suggestedPrompt).to.be.a('string').and.to.match(/frog/i);
      expect(stored.suggestedPromptSource).to.equal('offline');
      const bySource = await nova.api.ideas.list({ query: { source: 'channel_points' } });
      expect(bySource.ideas.map((idea) => idea.id)).to.deep.equal([fromRedemption.id]);
    });

    it('takes a panel idea from a viewer who did not share their identity, unless the channel requires it', async () => {
      const anonymous = viewer({ twitchUserId: null });
      const idea = await submit(app, nova.channelId, anonymous, { text: 'a tiny ghost' }, 'panel');
      expect(idea.viewer_name).to.equal(null);

      await configure(nova, { panelRequiresIdentity: true });
      const refused = await refusal(
        submit(app, nova.channelId, viewer({ twitchUserId: null }), { text: 'x' }, 'panel'),
      );
      expect(refused).to.include({ status: 403, code: 'idea_identity_required' });
      expect(refused.details).to.deep.include({ reason: 'identity_required' });
      // chat always knows who is talking
      await submit(app, nova.channelId, viewer(), { text: 'a happy slime' }, 'chat');
    });

    it('answers 404 channel_not_connected for a Twitch channel no streamer connected', async () => {
      const refused = await refusal(submit(app, '999999999', viewer(), { text: 'anything' }));
      expect(refused).to.include({ status: 404, code: 'channel_not_connected' });
    });

    it('refuses every source while the channel has ideas turned off', async () => {
      await configure(nova, { enabled: false });
      for (const source of ['chat', 'panel'] as const) {
        const refused = await refusal(submit(app, nova.channelId, viewer(), { text: 'a frog' }, source));
        expect(refused).to.include({ status: 403, code: 'ideas_disabled' });
      }
      const redemption = await refusal(
        intake().submitForChannel(nova.channelId, { source: 'channel_points', text: 'a frog', viewer: viewer() }),
      );
      expect(redemption).to.include({ status: 403, code: 'ideas_disabled' });
      expect((await nova.api.ideas.list({ query: {} })).ideas.filter((idea) => idea.text === 'a frog')).to.be.empty;
    });
  });

  describe('by role', () => {
    const cases: Array<{
      submitters: 'everyone' | 'subscribers' | 'vips' | 'moderators';
      allowed: string[];
      refused: string[];
    }> = [
      { submitters: 'everyone', allowed: ['viewer', 'subscriber', 'vip', 'moderator', 'broadcaster'], refused: [] },
      {
        submitters: 'subscribers',
        allowed: ['subscriber', 'vip', 'moderator', 'broadcaster'],
        refused: ['viewer'],
      },
      { submitters: 'vips', allowed: ['vip', 'moderator', 'broadcaster'], refused: ['viewer', 'subscriber'] },
      { submitters: 'moderators', allowed: ['moderator', 'broadcaster'], refused: ['viewer', 'subscriber', 'vip'] },
    ];
    const badgesFor = (role: string) => ({ [role]: role !== 'viewer' });

    for (const { submitters, allowed, refused } of cases) {
      it(`lets ${allowed.join(', ')} submit when the channel takes ideas from ${submitters}`, async () => {
        await configure(nova, { submitters });
        for (const role of allowed) {
          const idea = await submit(app, nova.channelId, viewer({ badges: badgesFor(role) }), { text: `${role} idea` });
          expect(idea.status).to.equal('pending');
        }
        for (const role of refused) {
          for (const source of ['chat', 'panel'] as const) {
            const outcome = await refusal(
              submit(app, nova.channelId, viewer({ badges: badgesFor(role) }), { text: `${role} idea` }, source),
            );
            expect(outcome, `${role} from ${source}`).to.include({ status: 403, code: 'idea_role_not_allowed' });
            expect(outcome.details).to.deep.include({ reason: 'role_not_allowed' });
          }
        }
      });
    }

    it('records the highest role a viewer has', async () => {
      const idea = await submit(app, nova.channelId, viewer({ badges: { subscriber: true, vip: true } }), {
        text: 'a crowned frog',
      });
      expect((await nova.api.ideas.get({ params: { id: idea.id } })).viewer.role).to.equal('vip');
    });

    it('lets chosen sources or roles skip the approval queue, and nobody else', async () => {
      await configure(nova, { autoApproveRoles: ['vip'] });
      const fromVip = await submit(app, nova.channelId, viewer({ badges: { vip: true } }), { text: 'a vip frog' });
      expect(fromVip.status).to.equal('generating');
      const fromViewer = await submit(app, nova.channelId, viewer(), { text: 'a viewer frog' });
      expect(fromViewer.status).to.equal('pending');

      await configure(nova, { autoApproveRoles: [], autoApproveSources: ['panel'] });
      const fromPanel = await submit(app, nova.channelId, viewer(), { text: 'a panel frog' }, 'panel');
      expect(fromPanel.status).to.equal('generating');
      const fromChat = await submit(app, nova.channelId, viewer(), { text: 'a chat frog' }, 'chat');
      expect(fromChat.status).to.equal('pending');
      const decided = await nova.api.ideas.get({ params: { id: fromPanel.id } });
      expect(decided.moderation?.decidedBy.kind).to.equal('system');
    });
  });

  describe('text', () => {
    it('removes links, control and zero-width characters and keeps the rest', async () => {
      const idea = await submit(app, nova.channelId, viewer(), {
        text: '  a fr\u200Bog\u0007 with https://evil.example/x a crown see www.spam.tv  ',
      });
      expect(idea.text).to.equal('a frog with a crown see');
    });

    it('refuses text that is empty once cleaned, or longer than 200 characters, with 422', async () => {
      const empty = await refusal(submit(app, nova.channelId, viewer(), { text: ' https://a.example \u200B ' }));
      expect(empty).to.include({ status: 422 });
      expect(JSON.stringify(empty.details)).to.contain('text_empty');
      const long = await refusal(submit(app, nova.channelId, viewer(), { text: 'é'.repeat(201) }));
      expect(long).to.include({ status: 422 });
      expect(JSON.stringify(long.details)).to.contain('text_too_long');
      // 200 emoji are 200 characters
      const exact = await submit(app, nova.channelId, viewer(), { text: '🐸'.repeat(200) });
      expect([...exact.text].length).to.equal(200);
    });

    it("refuses the channel's blocked terms, whatever their case, accents or leetspeak", async () => {
      await configure(nova, { blockedTerms: ['potato', 'bad vibes'] });
      for (const text of ['a POTATO emote', 'a pótàtó king', 'p0t4t0 time', 'such bad...vibes']) {
        const refused = await refusal(submit(app, nova.channelId, viewer(), { text }));
        expect(refused, text).to.include({ status: 422, code: 'idea_blocked_term' });
      }
      // a word merely containing a term is fine
      await submit(app, nova.channelId, viewer(), { text: 'sweetpotatoes' });
    });

    it('refuses the default list unless the channel turns it off', async () => {
      const refused = await refusal(submit(app, nova.channelId, viewer(), { text: 'a n4zi flag' }));
      expect(refused).to.include({ status: 422, code: 'idea_blocked_term' });
      await configure(nova, { useDefaultBlockedTerms: false });
      await submit(app, nova.channelId, viewer(), { text: 'a n4zi flag' });
    });
  });

  describe('pace', () => {
    it('keeps one pending idea per viewer, across sources, until it is decided', async () => {
      await configure(nova, { onePendingPerViewer: true });
      const ada = viewer({ name: 'ada' });
      const first = await submit(app, nova.channelId, ada, { text: 'first idea' });
      for (const source of ['chat', 'panel'] as const) {
        const refused = await refusal(submit(app, nova.channelId, ada, { text: 'second idea' }, source));
        expect(refused).to.include({ status: 409, code: 'idea_pending_exists' });
        expect(refused.details).to.deep.include({ idea_number: first.number });
        expect(refused.message).to.contain(`#${first.number}`);
      }
      // someone else is not held back
      await submit(app, nova.channelId, viewer(), { text: 'another viewer' });
      await nova.api.ideas.reject({ params: { id: first.id }, body: {} });
      await submit(app, nova.channelId, ada, { text: 'second idea' });
    });

    it('holds one pending idea per viewer when the same viewer sends many at once', async () => {
      await configure(nova, { onePendingPerViewer: true });
      const eager = viewer();
      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, (_, index) => submit(app, nova.channelId, eager, { text: `idea ${index}` })),
      );
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).to.have.length(1);
      const pending = await nova.api.ideas.list({ query: { status: 'pending', limit: 100 } });
      expect(pending.ideas.filter((idea) => idea.viewer.twitchUserId === eager.twitchUserId)).to.have.length(1);
    });

    it('makes a viewer wait out the cooldown between two ideas, with the seconds left', async () => {
      await configure(nova, { cooldownSeconds: 120 });
      const ada = viewer();
      await submit(app, nova.channelId, ada, { text: 'one' });
      const refused = await refusal(submit(app, nova.channelId, ada, { text: 'two' }, 'panel'));
      expect(refused).to.include({ status: 429, code: 'idea_cooldown' });
      const left = (refused.details as { retry_after_seconds: number }).retry_after_seconds;
      expect(left).to.be.within(1, 120);
      // a refused idea does not start the cooldown of another viewer, nor its own
      await submit(app, nova.channelId, viewer(), { text: 'someone else' });
    });

    it('does not count a refused idea against the cooldown', async () => {
      await configure(nova, { cooldownSeconds: 120, blockedTerms: ['potato'] });
      const ada = viewer();
      await refusal(submit(app, nova.channelId, ada, { text: 'potato' }));
      await submit(app, nova.channelId, ada, { text: 'a fine idea' });
    });
  });

  describe('expiry', () => {
    it('expires pending ideas past the channel expiry in the recurring job, and only those', async () => {
      await configure(nova, { expirySeconds: 60 });
      const old = await submit(app, nova.channelId, viewer(), { text: 'an old idea' });
      const young = await submit(app, nova.channelId, viewer(), { text: 'a young idea' });
      // an hour passes for the old idea
      const db = app.service.infra.mongo.connection.db!;
      await db
        .collection('ideas')
        .updateOne({ _id: old.id as never }, { $set: { expires_at: new Date(Date.now() - 1000) } });
      await app.service.scheduler!.now('ideas.expire');
      const deadline = Date.now() + 20_000;
      let status = 'pending';
      while (status === 'pending' && Date.now() < deadline) {
        status = (await nova.api.ideas.get({ params: { id: old.id } })).status;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(status).to.equal('expired');
      expect((await nova.api.ideas.get({ params: { id: young.id } })).status).to.equal('pending');
      const expiredVote = await refusal(
        ideasApi(app).vote({ channelId: nova.channelId, viewer: viewer() }, { id: old.id }),
      );
      expect(expiredVote).to.include({ status: 409, code: 'idea_not_pending' });
    });
  });
});
