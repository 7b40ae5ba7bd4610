/**
 * Every Redis key AuraStream uses, in one place. The connection's `keyPrefix` (REDIS_KEY_PREFIX)
 * goes in front of all of them; the parts after it are `feature:purpose:id`.
 */
export const redisKeys = {
  rateLimit: (bucket: string, subject: string) => `ratelimit:${bucket}:${subject}`,
  /** Failed sign-ins to an account (the e-mail as typed) from one client. */
  loginFailures: (email: string, client: string) => `auth:login-failures:${email}:${client}`,
  /** Set while an account's password sign-in is locked for one client. */
  loginLock: (email: string, client: string) => `auth:login-lock:${email}:${client}`,
  /** Set: the clients with failures or a lock on an account, so an unlock can clear them all. */
  loginClients: (email: string) => `auth:login-clients:${email}`,
  /** Set while an unlock e-mail of an account is recent, so one goes per lock period. */
  loginUnlockMail: (email: string) => `auth:login-unlock-mail:${email}`,
  oauthState: (state: string) => `auth:oauth-state:${state}`,
  /** Pub/sub channel: the id of each account changed, so other instances forget their copy. */
  userChanges: () => 'users:changes',
  /** Pub/sub channel: the id of each session that ended, so other instances close its connections. */
  sessionEnds: () => 'auth:session-ends',
  /** Set when a session ends (logout, stolen refresh token) until its access tokens have expired. */
  revokedSession: (sessionId: string) => `auth:revoked-session:${sessionId}`,
  twitchTopStreams: (categoryId: string) => `twitch:top-streams:${categoryId}`,
  coachSession: (sessionId: string) => `coach:session:${sessionId}`,
  coachUserSessions: (userId: string) => `coach:user-sessions:${userId}`,
  coachStreams: (userId: string) => `coach:streams:${userId}`,
  /** Held while one turn of a coach session streams, so two turns never interleave. */
  coachSessionTurn: (sessionId: string) => `coach:session-turn:${sessionId}`,
  /** Sorted set: raw events (JSON members) scored by their timestamp, capped at ANALYTICS_MAX_EVENTS. */
  analyticsEvents: () => 'analytics:events',
  /** Hashes of running totals since the last clear (trimming and flushing leave them alone). */
  analyticsEventCounts: () => 'analytics:counts:events',
  analyticsCategoryCounts: () => 'analytics:counts:categories',
  analyticsAudienceCounts: () => 'analytics:counts:audience',
  analyticsHourlyCounts: () => 'analytics:counts:hourly',
  analyticsTrimmedCount: () => 'analytics:counts:trimmed',
  /** Sorted set: session ids scored by when they were last seen. */
  analyticsSessions: () => 'analytics:sessions',
  analyticsFlushLock: () => 'analytics:flush:lock',
  /** Held by the instance sweeping stored files for orphans (`orphan-files/`). */
  orphanFileSweepLease: () => 'storage:orphan-sweep:lease',
  analyticsFlushStatus: () => 'analytics:flush:status',
  /** Set of batch ids moved out of the live set and not yet written to MongoDB. */
  analyticsFlushPending: () => 'analytics:flush:pending',
  analyticsFlushBatch: (batchId: string) => `analytics:flush:batch:${batchId}`,
  twitchContext: (userId: string) => `twitch:context:${userId}`,
  /** Held for a channel's Extension PubSub send interval (one message per slot, every process). */
  extensionPubSubSlot: (channelId: string) => `extension:pubsub:slot:${channelId}`,
  /** Set while Twitch answered 429 for a channel's PubSub messages, until its `Ratelimit-Reset`. */
  extensionPubSubPause: (channelId: string) => `extension:pubsub:pause:${channelId}`,
  /** The last channel context Helix gave (kept a day), served while Helix is unreachable. */
  twitchContextLastKnown: (userId: string) => `twitch:context-last-known:${userId}`,
  /** Held while one process refreshes a user's Twitch tokens, so a connection refreshes once at a time. */
  twitchTokenRefreshLock: (userId: string) => `twitch:token-refresh-lock:${userId}`,
  /**
   * Hash `{remaining, reset_at}`: what Helix last said of a rate-limit bucket (`app` or `user:<twitch
   * id>`) in its `Ratelimit-*` headers, shared by every process, so none calls into an empty bucket.
   */
  helixRateLimit: (bucket: string) => `twitch:helix-rate-limit:${bucket}`,
  /** Set (NX, a day) when an EventSub message id is first received: Twitch redelivers. */
  eventSubMessage: (messageId: string) => `eventsub:message:${messageId}`,
  /** Pub/sub channel: a streamer's live events (JSON `LiveEvent`s); `liveEventsPattern` matches them all. */
  liveEvents: (ownerId: string) => `live:events:${ownerId}`,
  liveEventsPattern: () => 'live:events:*',
  /** Held for the coalescing interval after a channel's coalesced live events went out. */
  liveEventThrottle: (ownerId: string) => `live:throttle:${ownerId}`,
  /** A Twitch channel's streamer (user id, or `-` for none), cached for the ideas' hot paths. */
  ideaChannelOwner: (twitchChannelId: string) => `ideas:channel-owner:${twitchChannelId}`,
  /** Set while a viewer waits out the channel's cooldown between two ideas. */
  ideaCooldown: (ownerId: string, viewerKey: string) => `ideas:cooldown:${ownerId}:${viewerKey}`,
  /** Hash: a channel's ideas open for votes (pending), idea id → its number. */
  ideaVotesOpen: (ownerId: string) => `ideas:open:${ownerId}`,
  /** Set of voter keys of an idea (one vote each). */
  ideaVoters: (ideaId: string) => `ideas:voters:${ideaId}`,
  /** Hash: idea id → vote count, per channel. */
  ideaVoteCounts: (ownerId: string) => `ideas:votes:${ownerId}`,
  /** List of votes (JSON) accepted in Redis and not yet written to MongoDB. */
  ideaVotesPending: () => 'ideas:votes-pending',
  /** A `ReadCache` entry (hash: scope, version, etag, json), kept for that cache's TTL. */
  readCacheEntry: (cache: string, key: string) => `cache:${cache}:${key}`,
  /** A cache scope's version (`db/read-cache.ts`): bumped on every change of what the scope's entries show. */
  readCacheVersion: (scope: string) => `cache:version:${scope}`,
  /** Set while a chat command cools down in a channel (for everyone), and for one chatter. */
  chatBotCooldown: (channelId: string, command: string) => `chatbot:cooldown:${channelId}:${command}`,
  chatBotUserCooldown: (channelId: string, command: string, chatterId: string) =>
    `chatbot:cooldown:${channelId}:${command}:${chatterId}`,
  /** The coach's last prompt in a channel (JSON), which `!aura go` makes. */
  chatBotCoachPrompt: (channelId: string) => `chatbot:coach-prompt:${channelId}`,
  /** Where to announce a `!aura make` job's end (JSON: channel, message to thread to). */
  chatBotMakeJob: (jobId: string) => `chatbot:make-job:${jobId}`,
  /** The chat message an idea came from, so its announcements thread to it. */
  chatBotIdeaMessage: (ideaId: string) => `chatbot:idea-message:${ideaId}`,
  /** Set once a live event was announced in chat, so several service processes announce it once. */
  chatBotAnnounced: (eventKey: string) => `chatbot:announced:${eventKey}`,
  /** An administrator's pending consent for the bot's Twitch account (their user id). */
  chatBotAccountOAuthState: (state: string) => `chatbot:account-oauth:${state}`,
  /** When a bot process last held a channel (ms since the epoch). */
  chatBotPresence: (channelId: string) => `chatbot:presence:${channelId}`,
} as const;
