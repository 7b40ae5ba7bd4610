import { expect } from 'chai';
import { CollectedCoachTurn } from './coach-sink';

describe('a coach turn gathered whole (for a chat message)', () => {
  it('joins the tokens and keeps the generation-ready prompt', async () => {
    const turn = new CollectedCoachTurn();
    const sink = turn.open({ id: 'session-1' });
    await sink.send({ type: 'token', content: 'A hype ', metadata: null });
    await sink.send({ type: 'token', content: 'cat.', metadata: null });
    const intent = { refined_prompt: 'hype cat emote' } as never;
    await sink.send({ type: 'intent_ready', content: 'hype cat emote', metadata: intent });
    sink.end();
    expect(await turn.result).to.deep.equal({ sessionId: 'session-1', reply: 'A hype cat.', intent, error: null });
  });

  it('says why a turn failed', async () => {
    const turn = new CollectedCoachTurn();
    const sink = turn.open({ id: 'session-2' });
    await sink.send({
      type: 'error',
      content: 'The coach is busy',
      metadata: { code: 'llm_rate_limited', retryable: true, session_id: 'session-2' },
    });
    sink.end();
    expect((await turn.result).error).to.deep.equal({
      code: 'llm_rate_limited',
      message: 'The coach is busy',
      retryable: true,
    });
  });

  it('stops the turn when cancelled', () => {
    const turn = new CollectedCoachTurn();
    const sink = turn.open({ id: 'session-3' });
    expect(sink.signal.aborted).to.equal(false);
    turn.cancel();
    expect(sink.signal.aborted).to.equal(true);
  });
});
