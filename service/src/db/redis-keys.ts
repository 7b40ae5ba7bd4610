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
  analyticsFlushStatus: () => 'analytics:flush:status',
  /** Set of batch ids moved out of the live set and not yet written to MongoDB. */
  analyticsFlushPending: () => 'analytics:flush:pending',
  analyticsFlushBatch: (batchId: string) => `analytics:flush:batch:${batchId}`,
  twitchContext: (userId: string) => `twitch:context:${userId}`,
  /** A Twitch channel's panel showcase (JSON), kept for EXTENSION_CACHE_SECONDS. */
  extensionShowcase: (channelId: string) => `extension:showcase:${channelId}`,
  /** A cached read (`db/versioned-cache.ts`): the JSON body, its ETag and the version it was built at. */
  cachedRead: (name: string, key: string) => `cache:${name}:${key}`,
  /** The version of a cached read, raised by every change of what it shows (so a stale build never lands). */
  cachedReadVersion: (name: string, key: string) => `cache:${name}:${key}:version`,
  /** Held for a channel's Extension PubSub send interval (one message per slot, every process). */
  extensionPubSubSlot: (channelId: string) => `extension:pubsub:slot:${channelId}`,
  /** Set while Twitch answered 429 for a channel's PubSub messages, until its `Ratelimit-Reset`. */
  extensionPubSubPause: (channelId: string) => `extension:pubsub:pause:${channelId}`,
  /** Pub/sub channel: a streamer's live events (JSON `LiveEvent`s); `liveEventsPattern` matches them all. */
  liveEvents: (ownerId: string) => `live:events:${ownerId}`,
  liveEventsPattern: () => 'live:events:*',
  /** Held for the coalescing interval after a channel's coalesced live events went out. */
  liveEventThrottle: (ownerId: string) => `live:throttle:${ownerId}`,
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
} as const;
