import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { CHAT_MESSAGE_MAX_LENGTH, type ChatReply } from '@aurastream/contract';
import { botKeys } from './bot-keys';
import type { Clock } from './clock';

/** Twitch's chat limits for one account, as the queue applies them. */
export interface ChatLimits {
  /** Messages per window across every channel (Twitch: 20 per 30 s, 100 where broadcaster or moderator). */
  messagesPerWindow: number;
  windowMs: number;
  /** Least time between two messages in one channel (Twitch: 1 s where not a moderator; 0 otherwise). */
  channelGapMs: number;
}

/**
 * Twitch's limits: where the sender is the broadcaster or a moderator, and elsewhere. The gap in a
 * channel keeps a margin over Twitch's second, as Twitch counts a message when it arrives, not
 * when it left (as twurple's own limiter does).
 */
export const TWITCH_CHAT_LIMITS = {
  moderator: { messagesPerWindow: 100, windowMs: 30_000, channelGapMs: 0 },
  regular: { messagesPerWindow: 20, windowMs: 30_000, channelGapMs: 1200 },
} as const satisfies Record<string, ChatLimits>;

/** Replies a channel's queue keeps at most; beyond, acknowledgements go first. */
export const REPLY_QUEUE_MAX = 25;

export type TakeResult =
  | { kind: 'empty' }
  | { kind: 'wait'; ms: number }
  /** `left`: the replies still queued after this one (none: no need to look again). */
  | { kind: 'send'; reply: ChatReply; left: number };

// KEYS: queue, dropped counter. ARGV: max length, replies (JSON)…
// An acknowledgement that finds the queue full is dropped; any other reply makes room by dropping
// the oldest acknowledgement, else the oldest reply.
const PUSH = `
local max = tonumber(ARGV[1])
local dropped = 0
for i = 2, #ARGV do
  local reply = cjson.decode(ARGV[i])
  if redis.call('LLEN', KEYS[1]) < max then
    redis.call('RPUSH', KEYS[1], ARGV[i])
  elseif reply.kind == 'ack' then
    dropped = dropped + 1
  else
    local items = redis.call('LRANGE', KEYS[1], 0, -1)
    local victim = items[1]
    for _, item in ipairs(items) do
      if cjson.decode(item).kind == 'ack' then victim = item break end
    end
    redis.call('LREM', KEYS[1], 1, victim)
    redis.call('RPUSH', KEYS[1], ARGV[i])
    dropped = dropped + 1
  end
end
if dropped > 0 then redis.call('INCRBY', KEYS[2], dropped) end
return dropped
`;

// KEYS: queue, sent window, channel's last send. ARGV: now, window ms, messages per window,
// channel gap ms, a unique id for this send, most characters of a merged message.
// Answers {0} when empty, {-1, ms to wait}, or {1, reply JSON, replies left}; consecutive
// acknowledgements at the head go out merged as one message.
const TAKE = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local head = redis.call('LINDEX', KEYS[1], 0)
if not head then return {0} end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - window)
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[3]) then
  local oldest = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
  return {-1, math.max(1, tonumber(oldest[2]) + window - now)}
end
local gap = tonumber(ARGV[4])
if gap > 0 then
  local last = redis.call('GET', KEYS[3])
  if last and now - tonumber(last) < gap then return {-1, gap - (now - tonumber(last))} end
end
local first = cjson.decode(redis.call('LPOP', KEYS[1]))
if first.kind == 'ack' then
  local merged = 1
  while true do
    local nextItem = redis.call('LINDEX', KEYS[1], 0)
    if not nextItem then break end
    local following = cjson.decode(nextItem)
    if following.kind ~= 'ack' or #first.text + 3 + #following.text > tonumber(ARGV[6]) then break end
    first.text = first.text .. ' · ' .. following.text
    merged = merged + 1
    redis.call('LPOP', KEYS[1])
  end
  if merged > 1 then first.reply_to_message_id = cjson.null end
end
redis.call('ZADD', KEYS[2], now, ARGV[5])
redis.call('PEXPIRE', KEYS[2], window)
redis.call('SET', KEYS[3], now, 'PX', math.max(gap, 1))
return {1, cjson.encode(first), redis.call('LLEN', KEYS[1])}
`;

type QueueRedis = Redis & {
  chatReplyPush(queue: string, dropped: string, max: number, ...replies: string[]): Promise<number>;
  chatReplyTake(
    queue: string,
    window: string,
    last: string,
    now: number,
    windowMs: number,
    perWindow: number,
    gapMs: number,
    id: string,
    mergeMax: number,
  ): Promise<[number, number | string, number?] | [number]>;
};

/**
 * Each channel's replies, in Redis so every bot process shares them, let out within Twitch's chat
 * limits for the account that speaks: 20 messages per 30 s across channels (100 where it is the
 * broadcaster or a moderator) and one per second in a channel where it is not a moderator. When
 * replies pile up, repeated "queued" acknowledgements are merged into one message, and dropped
 * first when the queue is full, so the account is never muted. The clock is injected, so a test
 * steps through the windows without waiting.
 */
export class ReplyQueue {
  private readonly redis: QueueRedis;

  constructor(
    redis: Redis,
    private readonly clock: Clock,
  ) {
    if (!('chatReplyTake' in redis)) {
      redis.defineCommand('chatReplyPush', { numberOfKeys: 2, lua: PUSH });
      redis.defineCommand('chatReplyTake', { numberOfKeys: 3, lua: TAKE });
    }
    this.redis = redis as QueueRedis;
  }

  /** Queues replies for a channel; answers how many replies were dropped to make room. */
  async push(channelId: string, replies: readonly ChatReply[]): Promise<number> {
    if (replies.length === 0) {
      return 0;
    }
    return this.redis.chatReplyPush(
      botKeys.replies(channelId),
      botKeys.dropped(channelId),
      REPLY_QUEUE_MAX,
      ...replies.map((reply) => JSON.stringify(reply)),
    );
  }

  /** The next reply the limits allow now for the account speaking in the channel, or how long to wait. */
  async take(channelId: string, account: string, limits: ChatLimits): Promise<TakeResult> {
    const result = await this.redis.chatReplyTake(
      botKeys.replies(channelId),
      botKeys.sentWindow(account),
      botKeys.channelLastSent(account, channelId),
      this.clock.now(),
      limits.windowMs,
      limits.messagesPerWindow,
      limits.channelGapMs,
      randomUUID(),
      CHAT_MESSAGE_MAX_LENGTH,
    );
    if (result[0] === 0) {
      return { kind: 'empty' };
    }
    if (result[0] === -1) {
      return { kind: 'wait', ms: Number(result[1]) };
    }
    return { kind: 'send', reply: JSON.parse(String(result[1])) as ChatReply, left: Number(result[2] ?? 0) };
  }

  /** Which of these channels have replies waiting: one pipelined round trip for them all. */
  async waiting(channelIds: readonly string[]): Promise<string[]> {
    if (channelIds.length === 0) {
      return [];
    }
    const pipeline = this.redis.pipeline();
    for (const channelId of channelIds) {
      pipeline.llen(botKeys.replies(channelId));
    }
    const lengths = (await pipeline.exec()) ?? [];
    return channelIds.filter((_, index) => Number(lengths[index]?.[1] ?? 0) > 0);
  }

  length(channelId: string): Promise<number> {
    return this.redis.llen(botKeys.replies(channelId));
  }

  async dropped(channelId: string): Promise<number> {
    return Number((await this.redis.get(botKeys.dropped(channelId))) ?? 0);
  }
}
