import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { ManualClock, REPLY_QUEUE_MAX, ReplyQueue, TWITCH_CHAT_LIMITS, type ChatLimits } from '@aurastream/bot';
import type { ChatReply } from '@aurastream/contract';
import { startTestService, type TestService } from '@aurastream/service/testing';

const answer = (text: string, replyTo: string | null = null): ChatReply => ({
  text,
  reply_to_message_id: replyTo,
  kind: 'answer',
});
const ack = (text: string, replyTo: string | null = null): ChatReply => ({
  text,
  reply_to_message_id: replyTo,
  kind: 'ack',
});

/**
 * The reply queue against the real Redis, with a clock the test moves: Twitch's windows are stepped
 * through, never waited for.
 */
describe('chat reply queue and Twitch’s chat limits', () => {
  /** Twitch's one second between messages in a channel, with the margin the queue keeps. */
  const gap = TWITCH_CHAT_LIMITS.regular.channelGapMs;
  let app: TestService;
  let redis: Redis;
  let clock: ManualClock;
  let queue: ReplyQueue;

  before(async () => {
    app = await startTestService();
  });
  beforeEach(() => {
    redis = new Redis(app.service.infra.redisHandle.url, { keyPrefix: `queue-test-${randomUUID()}:` });
    clock = new ManualClock();
    queue = new ReplyQueue(redis, clock);
  });
  afterEach(async () => {
    await redis.quit();
  });
  after(async () => {
    await app.stop();
  });

  /** Takes what the limits let out now, until they say wait. */
  async function sendable(channel: string, account: string, limits: ChatLimits = TWITCH_CHAT_LIMITS.regular) {
    const sent: ChatReply[] = [];
    for (;;) {
      const next = await queue.take(channel, account, limits);
      if (next.kind !== 'send') {
        return { sent, next };
      }
      sent.push(next.reply);
    }
  }

  it('sends one message a second (with a margin) in a channel where the bot is not a moderator', async () => {
    expect(gap).to.be.within(1000, 1500);
    await queue.push('c1', [answer('one'), answer('two'), answer('three')]);
    const first = await sendable('c1', 'bot');
    expect(first.sent.map((r) => r.text)).to.deep.equal(['one']);
    expect(first.next).to.deep.equal({ kind: 'wait', ms: gap });
    clock.advance(gap - 1);
    expect((await sendable('c1', 'bot')).sent).to.have.length(0);
    clock.advance(1);
    expect((await sendable('c1', 'bot')).sent.map((r) => r.text)).to.deep.equal(['two']);
  });

  it('keeps the account within 20 messages per 30 s across its channels, and 100 where it moderates', async () => {
    for (let channel = 0; channel < 25; channel += 1) {
      await queue.push(`ch${channel}`, [answer(`hello ${channel}`)]);
    }
    let sent = 0;
    for (let channel = 0; channel < 25; channel += 1) {
      sent += (await sendable(`ch${channel}`, 'bot')).sent.length;
    }
    expect(sent).to.equal(20);
    const blocked = await queue.take('ch24', 'bot', TWITCH_CHAT_LIMITS.regular);
    expect(blocked).to.deep.equal({ kind: 'wait', ms: 30_000 });
    clock.advance(30_000);
    expect((await sendable('ch24', 'bot')).sent).to.have.length(1);

    let modded = 0;
    for (let channel = 0; channel < 5; channel += 1) {
      await queue.push(
        `modded${channel}`,
        Array.from({ length: REPLY_QUEUE_MAX }, (_, i) => answer(`line ${i}`)),
      );
      modded += (await sendable(`modded${channel}`, 'mod-account', TWITCH_CHAT_LIMITS.moderator)).sent.length;
    }
    expect(modded).to.equal(100);
  });

  it('counts each account on its own (the bot account, and each streamer it speaks as)', async () => {
    await queue.push(
      'a',
      Array.from({ length: 25 }, (_, i) => answer(`a${i}`)),
    );
    await queue.push('b', [answer('b0')]);
    for (let i = 0; i < 25; i += 1) {
      await sendable('a', 'streamer:a');
      clock.advance(gap);
    }
    expect(await queue.length('a')).to.equal(5);
    expect((await sendable('b', 'streamer:b')).sent).to.have.length(1);
  });

  it('merges repeated acknowledgements into one message, and threads only a single one', async () => {
    await queue.push('c', [ack('@a idea #1 waits', 'm1'), ack('@b idea #2 waits', 'm2'), answer('@c top ideas', 'm3')]);
    const { sent } = await sendable('c', 'bot');
    expect(sent).to.deep.equal([
      { text: '@a idea #1 waits · @b idea #2 waits', reply_to_message_id: null, kind: 'ack' },
    ]);
    clock.advance(gap);
    expect((await sendable('c', 'bot')).sent).to.deep.equal([answer('@c top ideas', 'm3')]);
    await queue.push('d', [ack('@a idea #3 waits', 'm4')]);
    expect((await sendable('d', 'bot')).sent[0]?.reply_to_message_id).to.equal('m4');
  });

  it('tells how many replies are left behind the one it lets out, so the sender need not look again', async () => {
    await queue.push('left', [answer('one'), answer('two'), answer('three')]);
    const lefts: number[] = [];
    for (let next = await queue.take('left', 'mod', TWITCH_CHAT_LIMITS.moderator); next.kind === 'send';) {
      lefts.push(next.left);
      next = await queue.take('left', 'mod', TWITCH_CHAT_LIMITS.moderator);
    }
    expect(lefts).to.deep.equal([2, 1, 0]);
  });

  it('never merges past 500 characters', async () => {
    const long = 'x'.repeat(300);
    await queue.push('c', [ack(long), ack(long)]);
    const { sent } = await sendable('c', 'bot');
    expect(sent[0]?.text.length).to.equal(300);
  });

  it('drops acknowledgements first when the queue is full, never the answers', async () => {
    await queue.push(
      'c',
      Array.from({ length: REPLY_QUEUE_MAX }, (_, i) => (i % 2 ? ack(`ack ${i}`) : answer(`answer ${i}`))),
    );
    expect(await queue.push('c', [ack('one ack too many')])).to.equal(1);
    expect(await queue.push('c', [answer('an answer that must go out')])).to.equal(1);
    expect(await queue.length('c')).to.equal(REPLY_QUEUE_MAX);
    expect(await queue.dropped('c')).to.equal(2);
    const texts: string[] = [];
    for (;;) {
      const next = await queue.take('c', `bot-${texts.length}`, TWITCH_CHAT_LIMITS.moderator);
      if (next.kind !== 'send') {
        break;
      }
      texts.push(next.reply.text);
    }
    expect(texts.join('|')).to.include('an answer that must go out');
    expect(texts.join('|')).not.to.include('one ack too many');
    // the oldest acknowledgement made room for the answer
    expect(texts).not.to.include('ack 1');
    expect(texts).to.include('answer 0');
  });
});
