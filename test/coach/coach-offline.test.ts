import { expect } from 'chai';
import { snakifyKeys } from '@aurastream/contract';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { apiError, brandContext, collectChunks, only, rawEventStream, sequenceOf, textOf, type Chunk } from './support';

describe('Prompt Coach with the offline coach', () => {
  let app: TestService;

  before(async () => {
    app = await startTestService({ COACH_OFFLINE_TOKEN_DELAY_MS: '0', COACH_MAX_TURNS: '4' });
  });

  after(async () => {
    await app.stop();
  });

  describe('GET /api/v1/coach/tips', () => {
    it('gives every tier tips, with the upgrade call to action where the coach is locked', async () => {
      for (const tier of ['free', 'pro', 'studio'] as const) {
        const { api } = await app.createUser({ tier });
        const tips = await api.coach.tips({ query: {} });
        expect(tips.total).to.equal(tips.tips.length).and.be.greaterThan(30);
        expect(tips.feature).to.equal(tier === 'studio' ? 'full_coach' : 'tips_only');
        if (tier === 'studio') {
          expect(tips.upgradeCta).to.equal(null);
        } else {
          expect(tips.upgradeCta).to.include({ requiredTier: 'studio' });
        }
      }
    });

    it('filters by asset type (keeping the general tips) and by category', async () => {
      const { api } = await app.createUser({ tier: 'free' });
      const emote = await api.coach.tips({ query: { assetType: 'twitch_emote' } });
      expect(emote.tips.every((tip) => tip.assetType === 'twitch_emote' || tip.assetType === null)).to.equal(true);
      expect(emote.tips.some((tip) => tip.assetType === 'twitch_emote' && /28 px/.test(tip.title))).to.equal(true);

      const text = await api.coach.tips({ query: { assetType: 'youtube_thumbnail', category: 'text' } });
      expect(text.tips.length).to.be.greaterThan(0);
      expect(text.tips.every((tip) => tip.category === 'text')).to.equal(true);
    });

    it('refuses an unknown asset type with 422 and anonymous callers with 401', async () => {
      const { accessToken } = await app.createUser();
      const bad = await fetch(`${app.url}/api/v1/coach/tips?asset_type=billboard`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      expect(bad.status).to.equal(422);
      const body = (await bad.json()) as { error: { code: string; details: { field: string }[] } };
      expect(body.error.code).to.equal('validation_failed');
      expect(body.error.details[0]?.field).to.equal('asset_type');

      expect((await fetch(`${app.url}/api/v1/coach/tips`)).status).to.equal(401);
    });
  });

  describe('GET /api/v1/coach/access', () => {
    it("answers the spec's tier table, the limits and the upgrade path", async () => {
      const free = await (await app.createUser({ tier: 'free' })).api.coach.access();
      expect(free).to.include({
        tier: 'free',
        coachAccess: false,
        feature: 'tips_only',
        grounding: false,
        provider: 'offline',
      });
      expect(free.upgradeMessage).to.match(/Studio/);
      const pro = await (await app.createUser({ tier: 'pro' })).api.coach.access();
      expect(pro).to.include({ coachAccess: false, feature: 'tips_only', grounding: false });

      const studio = await (await app.createUser({ tier: 'studio' })).api.coach.access();
      expect(studio).to.include({ coachAccess: true, feature: 'full_coach', grounding: true, upgradeMessage: null });
      expect(studio.limits).to.include({ maxTurns: 4, maxConcurrentStreams: 3, sessionTtlSeconds: 3600 });
      expect(studio.activeStreams).to.equal(0);
    });
  });

  describe('POST /api/v1/coach/start', () => {
    it('answers 403 coach_requires_studio as JSON, before any stream opens, on free and pro', async () => {
      for (const tier of ['free', 'pro'] as const) {
        const { accessToken } = await app.createUser({ tier });
        const response = await fetch(`${app.url}/api/v1/coach/start`, {
          method: 'POST',
          headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ asset_type: 'twitch_emote', description: 'a hype cat' }),
        });
        expect(response.status).to.equal(403);
        expect(response.headers.get('content-type')).to.match(/^application\/json/);
        expect(response.headers.get('x-coach-session-id')).to.equal(null);
        const body = (await response.json()) as { error: { code: string; details: { required_tier: string } } };
        expect(body.error.code).to.equal('coach_requires_studio');
        expect(body.error.details.required_tier).to.equal('studio');
      }
    });

    it('streams well-formed server-sent events with the session id in the header and in done', async () => {
      const { accessToken } = await app.createUser({ tier: 'studio' });
      const { response, events } = await rawEventStream(app, '/api/v1/coach/start', accessToken, {
        asset_type: 'twitch_emote',
        description: 'my orange cat raging at the screen',
      });
      expect(response.status).to.equal(200);
      expect(response.headers.get('content-type')).to.match(/^text\/event-stream/);
      expect(response.headers.get('cache-control')).to.match(/no-cache/);
      expect(response.headers.get('x-accel-buffering')).to.equal('no');
      const sessionId = response.headers.get('x-coach-session-id');
      expect(sessionId).to.match(/^[0-9a-f-]{36}$/);

      expect(events.map((event) => Number(event.id))).to.deep.equal(events.map((_event, index) => index + 1));
      const chunks = events.map((event) => {
        const data = JSON.parse(event.data) as { type: string; content: unknown; metadata: unknown };
        expect(Object.keys(data)).to.have.members(['type', 'content', 'metadata']);
        expect(event.event).to.equal(data.type);
        return data;
      });
      const done = chunks.at(-1) as { type: string; metadata: { session_id: string; turns_used: number } };
      expect(done.type).to.equal('done');
      expect(done.metadata.session_id).to.equal(sessionId);
      expect(done.metadata.turns_used).to.equal(1);
    });

    it('asks what it needs first, then emits intent_ready with a generation request built from the brand kit', async () => {
      const { api } = await app.createUser({ tier: 'studio' });
      const first = await api.coach.start({
        body: { assetType: 'twitch_emote', description: 'my orange cat raging at the screen', brandContext },
      });
      const opening = await collectChunks(first);
      // studio sessions are grounded first; no Twitch connection and no analytics data here
      expect(sequenceOf(opening)).to.deep.equal(['grounding_complete', 'token', 'done']);
      expect(only(opening, 'grounding_complete').metadata).to.deep.equal({ sources: [], twitchConnected: false });
      expect(textOf(opening)).to.match(/28 px/).and.match(/\?/);
      const done = only(opening, 'done');
      expect(done.metadata).to.include({ intentReady: false, turnsUsed: 1, turnsRemaining: 3, provider: 'offline' });
      expect(done.metadata.sessionId).to.equal(first.headers.get('x-coach-session-id'));
      const sessionId = done.metadata.sessionId;

      const answer = await collectChunks(
        await api.coach.sendMessage({ params: { id: sessionId }, body: { message: 'no text, make it pixel art' } }),
      );
      expect(sequenceOf(answer)).to.deep.equal(['token', 'intent_ready', 'done']);
      const intent = only(answer, 'intent_ready').metadata;
      expect(only(answer, 'intent_ready').content).to.equal(intent.refinedPrompt);
      expect(intent).to.include({
        assetType: 'twitch_emote',
        stylePreset: 'pixel_art',
        text: null,
        mood: 'rage',
        brandKitId: brandContext.brandKitId,
        version: 2,
        source: 'offline',
      });
      expect(intent.colors).to.deep.equal(['#9146FF', '#FFDD00']);
      expect(intent.dimensions).to.deep.equal({ width: 112, height: 112 });
      expect(intent.refinedPrompt).to.include('my orange cat raging at the screen').and.include('#9146FF');
      expect(intent.generationRequest).to.deep.equal({
        method: 'POST',
        path: '/api/v1/generate',
        body: {
          assetType: 'twitch_emote',
          customPrompt: intent.refinedPrompt,
          brandKitId: brandContext.brandKitId,
          stylePreset: 'pixel_art',
        },
        formatMatch: 'exact',
        note: null,
      });
      expect(only(answer, 'done').metadata).to.include({ intentReady: true, turnsUsed: 2 });
    });

    it('works without a brand context, as the spec insists, and its request is accepted by the generator', async () => {
      const { api, accessToken } = await app.createUser({ tier: 'studio' });
      const chunks = await collectChunks(
        await api.coach.start({
          body: { assetType: 'twitch_panel', description: 'a schedule panel, text: "SCHEDULE"', brandContext: null },
        }),
      );
      const intent = only(chunks, 'intent_ready').metadata;
      expect(intent).to.include({ assetType: 'twitch_panel', text: 'SCHEDULE', brandKitId: null });
      expect(intent.generationRequest).to.deep.include({ path: '/api/v1/twitch/generate' });
      expect(intent.generationRequest.body).to.include({ assetType: 'panel' });
      expect(intent.colors.length).to.be.greaterThan(0);

      // the dashboard sends the request as it is
      const { method, path, body } = intent.generationRequest;
      const queued = await fetch(`${app.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(snakifyKeys(body)),
      });
      expect(queued.status, await queued.clone().text()).to.equal(202);
      const job = (await queued.json()) as { asset_type: string; custom_prompt: string };
      expect(job).to.include({ asset_type: 'panel', custom_prompt: intent.refinedPrompt });
    });

    it('validates the body with per-field details', async () => {
      const { accessToken } = await app.createUser({ tier: 'studio' });
      const post = (body: unknown) =>
        fetch(`${app.url}/api/v1/coach/start`, {
          method: 'POST',
          headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const cases: [unknown, string][] = [
        [{ asset_type: 'twitch_emote' }, 'description'],
        [{ asset_type: 'billboard', description: 'a big sign' }, 'asset_type'],
        [
          { asset_type: 'overlay', description: 'neon frame', brand_context: { primary_colors: ['purple'] } },
          'brand_context.primary_colors.0',
        ],
      ];
      for (const [body, field] of cases) {
        const response = await post(body);
        expect(response.status).to.equal(422);
        const error = (await response.json()) as { error: { details: { field: string }[] } };
        expect(error.error.details.map((detail) => detail.field)).to.include(field);
      }
    });
  });

  describe('sessions', () => {
    async function startSession(
      api: TestService['api'],
      description = 'a hype frog with a trophy',
    ): Promise<{ id: string; chunks: Chunk[] }> {
      const chunks = await collectChunks(await api.coach.start({ body: { assetType: 'twitch_emote', description } }));
      return { id: only(chunks, 'done').metadata.sessionId, chunks };
    }

    it('GET answers the history, the current prompt and the turns left; end returns the final intent', async () => {
      const { api } = await app.createUser({ tier: 'studio' });
      const { id } = await startSession(api);
      await collectChunks(await api.coach.sendMessage({ params: { id }, body: { message: '"GG"' } }));

      const session = await api.coach.getSession({ params: { id } });
      expect(session).to.include({
        sessionId: id,
        status: 'active',
        assetType: 'twitch_emote',
        turnsUsed: 2,
        turnsRemaining: 2,
      });
      expect(session.messages.map((message) => message.role)).to.deep.equal(['user', 'assistant', 'user', 'assistant']);
      expect(session.messages[2]?.content).to.equal('"GG"');
      expect(session.intent?.text).to.equal('GG');
      expect(session.currentPrompt).to.equal(session.intent?.refinedPrompt);
      expect(Date.parse(session.expiresAt)).to.be.greaterThan(Date.now());

      const ended = await api.coach.endSession({ params: { id } });
      expect(ended).to.include({ sessionId: id, status: 'ended', finalPrompt: session.intent?.refinedPrompt });
      expect(ended.intent).to.deep.equal(session.intent);
      expect(await api.coach.endSession({ params: { id } })).to.deep.equal(ended);
      expect((await api.coach.getSession({ params: { id } })).status).to.equal('ended');

      const closed = await apiError(() => api.coach.sendMessage({ params: { id }, body: { message: 'one more' } }));
      expect(closed).to.include({ status: 409, code: 'coach_session_ended' });
    });

    it('ending before the prompt was ready still returns an intent from the conversation', async () => {
      const { api } = await app.createUser({ tier: 'studio' });
      const { id, chunks } = await startSession(api, 'a sleepy owl');
      expect(chunks.some((chunk) => chunk.type === 'intent_ready')).to.equal(false);
      const ended = await api.coach.endSession({ params: { id } });
      expect(ended.intent).to.include({ assetType: 'twitch_emote', source: 'rules', mood: 'cozy' });
      expect(ended.finalPrompt).to.include('a sleepy owl');
    });

    it("answers 404 for another user's session on every session endpoint", async () => {
      const owner = await app.createUser({ tier: 'studio' });
      const { id } = await startSession(owner.api);
      const stranger = await app.createUser({ tier: 'studio' });
      for (const call of [
        () => stranger.api.coach.getSession({ params: { id } }),
        () => stranger.api.coach.endSession({ params: { id } }),
        () => stranger.api.coach.sendMessage({ params: { id }, body: { message: 'hijack' } }),
      ]) {
        expect(await apiError(call)).to.include({ status: 404, code: 'coach_session_not_found' });
      }
      expect((await owner.api.coach.getSession({ params: { id } })).status).to.equal('active');
    });

    it('answers 404 for an unknown session and 422 for an id that is not a UUID', async () => {
      const { api, accessToken } = await app.createUser({ tier: 'studio' });
      const missing = await apiError(() =>
        api.coach.getSession({ params: { id: '00000000-0000-4000-8000-000000000000' } }),
      );
      expect(missing).to.include({ status: 404, code: 'coach_session_not_found' });
      const response = await fetch(`${app.url}/api/v1/coach/sessions/not-a-uuid`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      expect(response.status).to.equal(422);
    });

    it('stops at the turn limit, with the final prompt on the last turn', async () => {
      const { api } = await app.createUser({ tier: 'studio' });
      const { id } = await startSession(api, 'a laughing frog');
      for (const message of ['add a tiny crown', 'make it neon']) {
        await collectChunks(await api.coach.sendMessage({ params: { id }, body: { message } }));
      }
      const last = await collectChunks(
        await api.coach.sendMessage({ params: { id }, body: { message: 'bigger eyes please' } }),
      );
      expect(only(last, 'done').metadata).to.include({ turnsUsed: 4, turnsRemaining: 0, intentReady: true });
      expect(textOf(last)).to.match(/last message/);
      expect(only(last, 'intent_ready').metadata.stylePreset).to.equal('neon');

      const refused = await apiError(() => api.coach.sendMessage({ params: { id }, body: { message: 'one more?' } }));
      expect(refused).to.include({ status: 409, code: 'coach_turn_limit_reached' });
      expect(refused.details).to.deep.equal({ max_turns: 4 });
    });

    it('validates messages', async () => {
      const { accessToken, api } = await app.createUser({ tier: 'studio' });
      const { id } = await startSession(api);
      const response = await fetch(`${app.url}/api/v1/coach/sessions/${id}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ message: '   ' }),
      });
      expect(response.status).to.equal(422);
      const body = (await response.json()) as { error: { details: { field: string }[] } };
      expect(body.error.details[0]?.field).to.equal('message');
    });

    it('refuses messages from a tier without the coach before any stream opens', async () => {
      const { api } = await app.createUser({ tier: 'pro' });
      const refused = await apiError(() =>
        api.coach.sendMessage({ params: { id: '00000000-0000-4000-8000-000000000000' }, body: { message: 'hi' } }),
      );
      expect(refused).to.include({ status: 403, code: 'coach_requires_studio' });
    });
  });
});
