/**
 * Every Redis key AuraStream uses, in one place. The connection's `keyPrefix` (REDIS_KEY_PREFIX)
 * goes in front of all of them; the parts after it are `feature:purpose:id`.
 */
export const redisKeys = {
  rateLimit: (bucket: string, subject: string) => `ratelimit:${bucket}:${subject}`,
  loginFailures: (email: string) => `auth:login-failures:${email}`,
  loginLock: (email: string) => `auth:login-lock:${email}`,
  oauthState: (state: string) => `auth:oauth-state:${state}`,
  deletedUser: (userId: string) => `auth:deleted-user:${userId}`,
  userRevokedBefore: (userId: string) => `auth:revoked-before:${userId}`,
  coachSession: (sessionId: string) => `coach:session:${sessionId}`,
  coachUserSessions: (userId: string) => `coach:user-sessions:${userId}`,
  coachStreams: (userId: string) => `coach:streams:${userId}`,
  analyticsEvents: () => 'analytics:events',
  analyticsEventPayloads: () => 'analytics:event-payloads',
  analyticsEventCounts: () => 'analytics:counts:events',
  analyticsCategoryCounts: () => 'analytics:counts:categories',
  analyticsSessions: () => 'analytics:sessions',
  analyticsFlushLock: () => 'analytics:flush:lock',
  analyticsFlushStatus: () => 'analytics:flush:status',
  analyticsFlushBatch: (batchId: string) => `analytics:flush:batch:${batchId}`,
  twitchContext: (userId: string) => `twitch:context:${userId}`,
} as const;
