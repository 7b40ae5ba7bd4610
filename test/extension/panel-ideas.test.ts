import { expect } from 'chai';
import { startTestService, type TestService } from '@aurastream/service/testing';
import {
  errorCodes,
  type ExtensionConfigResponse,
  type ExtensionIdeasResponse,
  type MyExtensionIdeasResponse,
  type PanelIdea,
} from '@aurastream/contract';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
import {
  createStreamer,
  errorCodeOf,
  newExtensionSecret,
  requestExtension,
  viewerToken,
  type Streamer,
  type ViewerTokenOptions,
} from './support';

describe('extension ideas: the panel’s backend', function () {
  this.timeout(60_000);
  const secret = newExtensionSecret();
  const previousSecret = newExtensionSecret();
  let twitch: FakeTwitch;
  let app: TestService;
  let nova: Streamer;
  let rex: Streamer;
  let viewerCount = 0;

  const token = (options: Partial<ViewerTokenOptions> = {}) =>
    viewerToken({ channelId: nova.channelId, secret, opaqueUserId: `U${(viewerCount += 1)}viewer`, ...options });

  async function json<T>(response: Response, status = 200): Promise<T> {
    expect(response.status, await response.clone().text()).to.equal(status);
    return (await response.json()) as T;
  }

  const listOf = async (channelToken?: string) =>
    json<ExtensionIdeasResponse>(await requestExtension(app, channelToken ?? (await token()), '/ideas'));

  const suggest = async (text: string, options: Partial<ViewerTokenOptions> = {}) =>
    requestExtension(app, await token(options), '/ideas', { method: 'POST', body: { text } });

  const suggested = async (text: string) => json<PanelIdea>(await suggest(text), 201);

  before(async () => {
    twitch = await startFakeTwitch();
    app = await startTestService({
      ...twitch.serviceEnv,
      TWITCH_EXTENSION_SECRET: secret,
      TWITCH_EXTENSION_PREVIOUS_SECRETS: previousSecret,
      EXTENSION_CACHE_SECONDS: '300',
      EXTENSION_RATE_LIMIT_PER_VIEWER: '20/60',
    });
    nova = await createStreamer(app, twitch, { login: 'novaideas', displayName: 'NovaIdeas' });
    rex = await createStreamer(app, twitch, { login: 'rexideas', displayName: 'RexIdeas' });
    // one idea per viewer per minute is the default; these tests play many viewers at once
    await nova.api.ideas.updateSettings({ body: { cooldownSeconds: 0 } });
  });

  after(async () => {
    await app?.stop();
    await twitch?.stop();
  });

  describe('tokens', () => {
    it('answers a valid token, and one signed with a previous secret during a rotation', async () => {
      expect((await listOf()).rules.enabled).to.equal(true);
      await listOf(await token({ secret: previousSecret }));
    });

    it('refuses forged and expired tokens with 401', async () => {
      const forged = await requestExtension(app, await token({ secret: newExtensionSecret() }), '/ideas');
      expect(forged.status).to.equal(401);
      const expired = await requestExtension(app, await token({ expiresInSeconds: -120 }), '/ideas');
      expect(expired.status).to.equal(401);
      expect(await errorCodeOf(expired)).to.match(/^extension_token_/);
    });

    it('keeps a token to its own channel: another channel’s idea is not found', async () => {
      const idea = await suggested('a neon fox waving');
      const rexModerator = await token({ channelId: rex.channelId, role: 'broadcaster' });
      const response = await requestExtension(app, rexModerator, `/ideas/${idea.id}/approve`, {
        method: 'POST',
        body: {},
      });
      expect(response.status).to.equal(404);
      const unknownChannel = await requestExtension(app, await token({ channelId: '999999' }), '/ideas');
      expect(await errorCodeOf(unknownChannel)).to.equal(errorCodes.channelNotConnected);
    });

    it('lets only the broadcaster and moderators moderate, and only the broadcaster configure', async () => {
      const idea = await suggested('a sleepy cat emote');
      const asViewer = await requestExtension(app, await token(), `/ideas/${idea.id}/reject`, {
        method: 'POST',
        body: {},
      });
      expect(asViewer.status).to.equal(403);
      expect(await errorCodeOf(asViewer)).to.equal(errorCodes.extensionRoleForbidden);
      const moderatorConfig = await requestExtension(app, await token({ role: 'moderator' }), '/config');
      expect(moderatorConfig.status).to.equal(403);
      const rejected = await requestExtension(app, await token({ role: 'moderator' }), `/ideas/${idea.id}/reject`, {
        method: 'POST',
        body: { reason: 'not this week' },
      });
      expect((await json<PanelIdea>(rejected)).status).to.equal('rejected');
    });

    it('refuses moderators the channel does not allow', async () => {
      await nova.api.ideas.updateSettings({ body: { moderators: 'none' } });
      try {
        const idea = await suggested('a rocket badge');
        const response = await requestExtension(app, await token({ role: 'moderator' }), `/ideas/${idea.id}/approve`, {
          method: 'POST',
          body: {},
        });
        expect(await errorCodeOf(response)).to.equal(errorCodes.ideaModerationForbidden);
      } finally {
        await nova.api.ideas.updateSettings({ body: { moderators: 'all' } });
      }
    });
  });

  describe('suggestions and votes', () => {
    it('cleans the text and refuses what is empty or too long with 422', async () => {
      const idea = await suggested('  a cat   https://spam.example.com  in a hat ');
      expect(idea.text).to.equal('a cat in a hat');
      expect(idea.source).to.equal('panel');
      expect((await suggest('https://only-a-link.example.com')).status).to.equal(422);
      expect((await suggest('x'.repeat(201))).status).to.equal(422);
    });

    it('asks for the viewer’s identity when the channel requires it', async () => {
      await nova.api.ideas.updateSettings({ body: { panelRequiresIdentity: true } });
      try {
        const anonymous = await suggest('a dragon emote');
        expect(anonymous.status).to.equal(403);
        expect(await errorCodeOf(anonymous)).to.equal(errorCodes.ideaIdentityRequired);
        expect((await suggest('a dragon emote', { userId: '424242' })).status).to.equal(201);
        expect((await listOf()).rules.requires_identity).to.equal(true);
      } finally {
        await nova.api.ideas.updateSettings({ body: { panelRequiresIdentity: false } });
      }
    });

    it('keeps one pending idea per viewer and shows the viewer their own', async () => {
      const viewer = { opaqueUserId: 'Usameviewer1' };
      expect((await suggest('a pizza emote', viewer)).status).to.equal(201);
      const again = await suggest('a burger emote', viewer);
      expect(again.status).to.equal(409);
      expect(await errorCodeOf(again)).to.equal(errorCodes.ideaPendingExists);
      const mine = await json<MyExtensionIdeasResponse>(
        await requestExtension(app, await token(viewer), '/ideas/mine'),
      );
      expect(mine.ideas.map((idea) => idea.text)).to.deep.equal(['a pizza emote']);
    });

    it('counts one vote per viewer, exactly, and refuses votes for decided ideas', async () => {
      const idea = await suggested('a tiny crown badge');
      const voters = Array.from({ length: 12 }, (_, index) => ({ opaqueUserId: `Uvoter${index}` }));
      const answers = await Promise.all(
        voters.map(async (voter) =>
          requestExtension(app, await token(voter), `/ideas/${idea.id}/vote`, { method: 'POST' }),
        ),
      );
      expect(answers.map((answer) => answer.status)).to.deep.equal(voters.map(() => 200));
      const repeat = await requestExtension(app, await token(voters[0]), `/ideas/${idea.id}/vote`, { method: 'POST' });
      expect(await errorCodeOf(repeat)).to.equal(errorCodes.ideaAlreadyVoted);
      const mine = await json<MyExtensionIdeasResponse>(
        await requestExtension(app, await token(voters[0]), '/ideas/mine'),
      );
      expect(mine.voted_idea_ids).to.include(idea.id);
      expect((await listOf()).pending.find((pending) => pending.id === idea.id)?.votes).to.equal(12);

      await requestExtension(app, await token({ role: 'broadcaster' }), `/ideas/${idea.id}/reject`, {
        method: 'POST',
        body: {},
      });
      const late = await requestExtension(app, await token(), `/ideas/${idea.id}/vote`, { method: 'POST' });
      expect(late.status).to.equal(409);
      expect(await errorCodeOf(late)).to.equal(errorCodes.ideaNotPending);
    });
  });

  describe('the cached list', () => {
    it('answers 304 to the ETag it gave until the channel’s ideas change', async () => {
      const viewer = await token();
      const first = await requestExtension(app, viewer, '/ideas');
      const etag = first.headers.get('etag');
      expect(etag).to.be.a('string');
      const again = await requestExtension(app, viewer, '/ideas', { headers: { 'if-none-match': etag! } });
      expect(again.status).to.equal(304);

      const idea = await suggested('a disco ball overlay');
      const afterSuggestion = await requestExtension(app, viewer, '/ideas', { headers: { 'if-none-match': etag! } });
      const list = await json<ExtensionIdeasResponse>(afterSuggestion);
      expect(list.pending.map((pending) => pending.id)).to.include(idea.id);
      expect(afterSuggestion.headers.get('etag')).to.not.equal(etag);
    });

    it('drops the cache on a vote, a decision and a setting changed in the dashboard', async () => {
      const idea = await suggested('a cozy campfire scene');
      const votesOf = async () => (await listOf()).pending.find((pending) => pending.id === idea.id)?.votes;
      expect(await votesOf()).to.equal(0);
      await requestExtension(app, await token(), `/ideas/${idea.id}/vote`, { method: 'POST' });
      expect(await votesOf()).to.equal(1);

      await nova.api.ideas.reject({ params: { id: idea.id }, body: {} });
      expect((await listOf()).pending.map((pending) => pending.id)).to.not.include(idea.id);

      await nova.api.ideas.updateSettings({ body: { submitters: 'subscribers' } });
      try {
        expect((await listOf()).rules.submitters).to.equal('subscribers');
      } finally {
        await nova.api.ideas.updateSettings({ body: { submitters: 'everyone' } });
      }
    });
  });

  describe('the configuration page', () => {
    it('shows and changes the channel’s ideas settings and panel views', async () => {
      const broadcaster = await token({ role: 'broadcaster', userId: nova.channelId });
      const current = await json<ExtensionConfigResponse>(await requestExtension(app, broadcaster, '/config'));
      expect(current.panel.views).to.deep.equal(['showcase', 'ideas', 'live']);
      const changed = await json<ExtensionConfigResponse>(
        await requestExtension(app, broadcaster, '/config', {
          method: 'PUT',
          body: { ideas: { one_pending_per_viewer: false }, panel: { views: ['ideas', 'live'] } },
        }),
      );
      expect(changed.panel.views).to.deep.equal(['ideas', 'live']);
      expect(changed.ideas.one_pending_per_viewer).to.equal(false);
      expect((await nova.api.ideas.getSettings()).onePendingPerViewer).to.equal(false);
      expect((await listOf()).views).to.deep.equal(['ideas', 'live']);

      const invalid = await requestExtension(app, broadcaster, '/config', {
        method: 'PUT',
        body: { panel: { views: [] } },
      });
      expect(invalid.status).to.equal(422);
      await requestExtension(app, broadcaster, '/config', {
        method: 'PUT',
        body: { ideas: { one_pending_per_viewer: true }, panel: { views: ['showcase', 'ideas', 'live'] } },
      });
    });
  });

  describe('rate limits', () => {
    it('limits one viewer (opaque id), whatever the endpoint', async () => {
      const viewer = await token({ opaqueUserId: 'Ubusyviewer' });
      const statuses: number[] = [];
      for (let index = 0; index < 22; index += 1) {
        statuses.push((await requestExtension(app, viewer, '/ideas')).status);
      }
      expect(statuses.slice(0, 20).every((status) => status === 200)).to.equal(true);
      expect(statuses.slice(20)).to.deep.equal([429, 429]);
    });
  });
});
