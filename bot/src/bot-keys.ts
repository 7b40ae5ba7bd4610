/**
 * The Redis keys only the bot processes use (the service's REDIS_KEY_PREFIX goes in front, as for
 * every AuraStream key). What the service and the bots share is in the contract (`chatBotRedisKeys`).
 */
export const botKeys = {
  /** Which bot process holds a channel (its id), with the lease's expiry. */
  lease: (channelId: string) => `chatbot:lease:${channelId}`,
  /** Sorted set: live bot processes scored by their last heartbeat (ms). */
  processes: () => 'chatbot:processes',
  /** List: a channel's replies waiting for Twitch's limits (JSON `ChatReply`s, oldest first). */
  replies: (channelId: string) => `chatbot:replies:${channelId}`,
  /** Sorted set: when the account sent each message in the last 30 s (Twitch's window). */
  sentWindow: (account: string) => `chatbot:sent:${account}`,
  /** When the account last sent a message in a channel (ms), for the one-per-second rule. */
  channelLastSent: (account: string, channelId: string) => `chatbot:last-sent:${account}:${channelId}`,
  /** Replies dropped from a channel's queue to stay within the limits (a count). */
  dropped: (channelId: string) => `chatbot:dropped:${channelId}`,
  /** Sorted set: the account's JOINs in Twitch's 10 s window. */
  joinWindow: (account: string) => `chatbot:joins:${account}`,
  /** Set once a chat message was taken by a bot process, so each command gets one answer. */
  seenMessage: (messageId: string) => `chatbot:seen:${messageId}`,
} as const;
