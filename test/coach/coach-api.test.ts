import { expect } from 'chai';
import { ApiError, type CoachStreamChunk } from '@aurastream/contract';
import { startTestService, type TestService, type TestUser } from '@aurastream/service/testing';

/** The principal the coach's API takes: the signed-in streamer, as bindRoute would hand it over. */
function principalOf({ user }: TestUser) {
  return {
    kind: 'user' as const,
    id: user.id,
    email: user.email,
    role: user.role,
    tier: user.subscription_tier,
    sessionId: 'session-of-the-test',
    accessTokenExpiresAt: new Date(Date.now() + 15 * 60 * 1000),
  };
}

/** A sink that keeps what it is sent: what a chat bot's would see. */
function recordingSink() {
  const chunks: CoachStreamChunk[] = [];
  const opened: string[] = [];
  const controller = new AbortController();
  let ended = 0;
  return {
    chunks,
    opened,
    controller,
    ended: () => ended,
    open: (session: { id: string }) => {
      opened.push(session.id);
      return {
        signal: controller.signal,
        send: async (chunk: CoachStreamChunk) => {
          chunks.push(chunk);
        },
        end: () => {
          ended += 1;
        },
      };
    },
  };
}

describe("the Prompt Coach's API, free of HTTP", () => {
  let app: TestService;

  before(async () => {
    app = await startTestService({ COACH_OFFLINE_TOKEN_DELAY_MS: '0' });
  });
  after(async () => {
    await app.stop();
  });

  const coach = () => app.service.container.apis.coach;

  it('runs a turn into any sink, as it streams one over SSE', async () => {
    const streamer = await app.createUser({ tier: 'studio' });
    const sink = recordingSink();
    await coach().start(
      principalOf(streamer),
      { asset_type: 'twitch_emote', description: 'a hype cat with sunglasses yelling GG' },
      sink.open,
    );

    expect(sink.opened).to.have.length(1);
    expect(sink.ended()).to.equal(1);
    const types = sink.chunks.map((chunk) => chunk.type);
    expect(types).to.include('token');
    expect(types.at(-1)).to.equal('done');
    const done = sink.chunks.at(-1) as Extract<CoachStreamChunk, { type: 'done' }>;
    expect(done.metadata.session_id).to.equal(sink.opened[0]);

    // the same session, read back over HTTP
    const session = await streamer.api.coach.getSession({ params: { id: sink.opened[0]! } });
    expect(session.messages.at(-1)?.role).to.equal('assistant');
  });

  it('refuses before opening any sink', async () => {
    const streamer = await app.createUser({ tier: 'free' });
    const sink = recordingSink();
    const error = await coach()
      .start(principalOf(streamer), { asset_type: 'twitch_emote', description: 'a cat' }, sink.open)
      .catch((caught: unknown) => caught);
    expect(error).to.have.property('code', 'coach_requires_studio');
    expect(error).to.not.be.instanceOf(ApiError);
    expect(sink.opened).to.deep.equal([]);
  });

  it('stops a turn whose receiver went away, and frees the session for the next turn', async () => {
    const streamer = await app.createUser({ tier: 'studio' });
    const first = recordingSink();
    first.controller.abort();
    await coach().start(
      principalOf(streamer),
      { asset_type: 'twitch_emote', description: 'a sleepy frog holding a coffee mug' },
      first.open,
    );
    expect(first.ended()).to.equal(1);
    expect(first.chunks.some((chunk) => chunk.type === 'done')).to.equal(false);

    const next = recordingSink();
    await coach().sendMessage(principalOf(streamer), first.opened[0]!, 'make it green', next.open);
    expect(next.chunks.at(-1)?.type).to.equal('done');
  });
});
