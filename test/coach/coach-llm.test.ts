import { expect } from 'chai';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { DEFAULT_FAKE_REPLY, startFakeOpenAiChat, type FakeOpenAiChat } from '../fakes/openai-chat';
import { apiError, brandContext, collectChunks, eventually, only, readUntil, sequenceOf, textOf } from './support';

const visibleReply = DEFAULT_FAKE_REPLY.slice(0, DEFAULT_FAKE_REPLY.indexOf('```')).trim();

describe('Prompt Coach with an OpenAI-compatible model', () => {
  let fake: FakeOpenAiChat;
  let app: TestService;

  before(async () => {
    fake = await startFakeOpenAiChat({ apiKey: 'sk-coach-test', slowChunkMs: 50 });
    app = await startTestService({
      COACH_LLM_BASE_URL: fake.url,
      COACH_LLM_API_KEY: 'sk-coach-test',
      COACH_LLM_MODEL: 'coach-model-1',
      COACH_MAX_CONCURRENT_STREAMS: '2',
    });
  });

  after(async () => {
    await app.stop();
    await fake.close();
  });

  beforeEach(() => {
    fake.reset();
  });

  async function startSession(api: TestService['api']) {
    const stream = await api.coach.start({
      body: { assetType: 'twitch_emote', description: 'my orange cat raging', brandContext },
    });
    return { stream, chunks: await collectChunks(stream) };
  }

  it('streams the model token by token, keeps its JSON block out of the text and emits its intent', async () => {
    const { api } = await app.createUser({ tier: 'studio' });
    const { stream, chunks } = await startSession(api);

    expect(sequenceOf(chunks)).to.deep.equal(['grounding_complete', 'token', 'intent_ready', 'done']);
    expect(chunks.filter((chunk) => chunk.type === 'token').length).to.be.greaterThan(20);
    expect(textOf(chunks).trim()).to.equal(visibleReply);
    expect(textOf(chunks)).not.to.include('`');

    const intent = only(chunks, 'intent_ready').metadata;
    expect(intent).to.include({
      source: 'llm',
      stylePreset: 'pixel_art',
      mood: 'rage',
      text: null,
      assetType: 'twitch_emote',
    });
    expect(intent.colors).to.deep.equal(['#FF8800', '#1D2B53']);
    expect(intent.generationRequest.body.customPrompt).to.equal(intent.refinedPrompt);
    const done = only(chunks, 'done').metadata;
    expect(done).to.include({ provider: 'llm', intentReady: true });
    expect(done.sessionId).to.equal(stream.headers.get('x-coach-session-id'));

    const [request] = fake.requests;
    expect(request).to.include({ path: '/v1/chat/completions', stream: true, authorization: 'Bearer sk-coach-test' });
    expect(request?.body.model).to.equal('coach-model-1');
    const [system, user] = request?.body.messages ?? [];
    expect(system?.role).to.equal('system');
    expect(system?.content).to.include('Twitch emote').and.include('#9146FF').and.include('```json');
    expect(user).to.deep.equal({ role: 'user', content: 'my orange cat raging' });
  });

  it('sends the whole conversation on later turns and keeps only the visible answer in the history', async () => {
    const { api } = await app.createUser({ tier: 'studio' });
    const { chunks } = await startSession(api);
    const id = only(chunks, 'done').metadata.sessionId;
    fake.setReply(
      'Crown added! Anything else?\n```json\n{"ready": true, "refined_prompt": "Twitch emote of a furious orange cat wearing a tiny crown", "style_preset": "pixel_art", "colors": ["#FF8800"], "text": null, "mood": "rage"}\n```',
    );
    const next = await collectChunks(
      await api.coach.sendMessage({ params: { id }, body: { message: 'add a tiny crown' } }),
    );
    expect(textOf(next).trim()).to.equal('Crown added! Anything else?');
    expect(only(next, 'intent_ready').metadata).to.include({
      version: 2,
      refinedPrompt: 'Twitch emote of a furious orange cat wearing a tiny crown',
    });

    const messages = fake.requests.at(-1)?.body.messages ?? [];
    expect(messages.map((message) => message.role)).to.deep.equal(['system', 'user', 'assistant', 'user']);
    expect(messages[2]?.content).to.equal(visibleReply);
    const session = await api.coach.getSession({ params: { id } });
    expect(session.messages.map((message) => message.content)).to.deep.equal([
      'my orange cat raging',
      visibleReply,
      'add a tiny crown',
      'Crown added! Anything else?',
    ]);
    expect(session.provider).to.equal('llm');
  });

  it('falls back to the rule-based intent when the model gives no usable JSON', async () => {
    const { api } = await app.createUser({ tier: 'studio' });
    fake.setReply('Great idea! Should it say anything, or no text?\n```json\n{"ready": "maybe"}\n```');
    const { chunks } = await startSession(api);
    expect(sequenceOf(chunks)).to.deep.equal(['grounding_complete', 'token', 'done']);
    const id = only(chunks, 'done').metadata.sessionId;

    fake.setReply('Perfect, no text it is.');
    const next = await collectChunks(await api.coach.sendMessage({ params: { id }, body: { message: 'no text' } }));
    const intent = only(next, 'intent_ready').metadata;
    expect(intent).to.include({ source: 'rules', text: null, mood: 'rage', assetType: 'twitch_emote' });
    expect(intent.refinedPrompt).to.include('my orange cat raging');
  });

  it('ends with an llm_error chunk when the model fails mid-answer, and the session carries on', async () => {
    const { api } = await app.createUser({ tier: 'studio' });
    fake.setMode('error_mid_stream');
    const stream = await api.coach.start({ body: { assetType: 'overlay', description: 'a clean neon frame' } });
    const chunks = await collectChunks(stream);
    expect(sequenceOf(chunks)).to.deep.equal(['grounding_complete', 'token', 'error']);
    const error = only(chunks, 'error');
    expect(error.metadata).to.include({ code: 'llm_error', retryable: true });
    const id = error.metadata.sessionId;
    expect(id).to.equal(stream.headers.get('x-coach-session-id'));

    const session = await api.coach.getSession({ params: { id } });
    expect(session.messages.map((message) => message.role)).to.deep.equal(['user']);

    fake.setMode('normal');
    const retry = await collectChunks(
      await api.coach.sendMessage({ params: { id }, body: { message: 'try again please' } }),
    );
    // grounding did not finish the first time, so it runs before this answer
    expect(sequenceOf(retry)).to.deep.equal(['grounding_complete', 'token', 'intent_ready', 'done']);
  });

  it('ends with an llm_stream_interrupted chunk when the connection to the model breaks', async () => {
    const { api } = await app.createUser({ tier: 'studio' });
    fake.setMode('drop_mid_stream');
    const chunks = await collectChunks(
      await api.coach.start({ body: { assetType: 'overlay', description: 'a clean neon frame' } }),
    );
    expect(chunks.at(-1)?.type).to.equal('error');
    expect(only(chunks, 'error').metadata.code).to.equal('llm_stream_interrupted');
  });

  it('ends with an error chunk when the model answers HTTP 500, after one retry', async () => {
    const { api } = await app.createUser({ tier: 'studio' });
    fake.setMode('http_500');
    const chunks = await collectChunks(
      await api.coach.start({ body: { assetType: 'twitch_badge', description: 'a gem badge' } }),
    );
    expect(sequenceOf(chunks)).to.deep.equal(['grounding_complete', 'error']);
    expect(only(chunks, 'error').metadata).to.include({ code: 'llm_error', retryable: true });
    expect(fake.requests).to.have.length(2);
  });

  it('aborts the model request when the client disconnects and frees the stream slot', async () => {
    const { api } = await app.createUser({ tier: 'studio' });
    fake.setMode('slow');
    const controller = new AbortController();
    const stream = await api.coach.start(
      { body: { assetType: 'twitch_emote', description: 'a cozy bear' } },
      { signal: controller.signal },
    );
    await readUntil(stream, 'token');
    expect((await api.coach.access()).activeStreams).to.equal(1);
    controller.abort();

    const request = await fake.waitFor((candidate) => candidate.aborted);
    expect(request.completed).to.equal(false);
    await eventually(async () => (await api.coach.access()).activeStreams === 0);
  });

  it('caps the open streams per user (429 before the stream), across sessions', async () => {
    const { api } = await app.createUser({ tier: 'studio' });
    const { chunks } = await startSession(api);
    const id = only(chunks, 'done').metadata.sessionId;
    fake.setMode('slow');
    const controllers = [new AbortController(), new AbortController()];
    const open = [
      await api.coach.start(
        { body: { assetType: 'overlay', description: 'a neon frame' } },
        { signal: controllers[0]!.signal },
      ),
      await api.coach.sendMessage(
        { params: { id }, body: { message: 'more purple' } },
        { signal: controllers[1]!.signal },
      ),
    ];
    await Promise.all(open.map((stream) => readUntil(stream, 'token')));

    const refused = await apiError(() =>
      api.coach.start({ body: { assetType: 'overlay', description: 'another frame' } }),
    );
    expect(refused).to.include({ status: 429, code: 'coach_stream_limit_reached' });
    expect(refused.retryAfterSeconds).to.be.greaterThan(0);
    // another user is not affected
    const other = await app.createUser({ tier: 'studio' });
    fake.setMode('normal');
    await collectChunks(await other.api.coach.start({ body: { assetType: 'overlay', description: 'my own frame' } }));

    controllers.forEach((controller) => controller.abort());
    await eventually(async () => (await api.coach.access()).activeStreams === 0);
    await collectChunks(await api.coach.start({ body: { assetType: 'overlay', description: 'now it fits' } }));
  });

  it('refuses a second message (and ending) while the session is still answering', async () => {
    const { api } = await app.createUser({ tier: 'studio' });
    const { chunks } = await startSession(api);
    const id = only(chunks, 'done').metadata.sessionId;
    fake.setMode('slow');
    const controller = new AbortController();
    const answering = await api.coach.sendMessage(
      { params: { id }, body: { message: 'more purple' } },
      { signal: controller.signal },
    );
    await readUntil(answering, 'token');

    const busy = await apiError(() => api.coach.sendMessage({ params: { id }, body: { message: 'and a crown' } }));
    expect(busy).to.include({ status: 409, code: 'coach_session_busy' });
    expect(await apiError(() => api.coach.endSession({ params: { id } }))).to.include({
      status: 409,
      code: 'coach_session_busy',
    });

    controller.abort();
    await eventually(async () => (await api.coach.access()).activeStreams === 0);
    expect((await api.coach.getSession({ params: { id } })).turnsUsed).to.equal(1);
    expect((await api.coach.endSession({ params: { id } })).status).to.equal('ended');
  });

  it('ends open streams with service_shutting_down when the service stops', async () => {
    const own = await startTestService({ COACH_LLM_BASE_URL: fake.url, COACH_LLM_API_KEY: 'sk-coach-test' });
    let stopping: Promise<void> | null = null;
    try {
      const { api } = await own.createUser({ tier: 'studio' });
      fake.setMode('slow');
      const stream = await api.coach.start({ body: { assetType: 'twitch_banner', description: 'a retro skyline' } });
      const iterator = await readUntil(stream, 'token');
      stopping = own.stop();
      const rest: { type: string; metadata: unknown }[] = [];
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        rest.push(next.value);
      }
      await stopping;
      const last = rest.at(-1);
      expect(last?.type).to.equal('error');
      expect(last?.metadata).to.include({ code: 'service_shutting_down', retryable: true });
      await fake.waitFor((request) => request.aborted);
    } finally {
      // a test service is stopped once (a second stop would wait on its closed database)
      await (stopping ?? own.stop());
    }
  });
});
