/**
 * Error codes (`error.code` of an error answer) that clients branch on. The service throws with
 * these constants, so a code cannot change on one side only. Every error also carries a `message`
 * a person can read, and `details` where there is more to say.
 */
export const errorCodes = {
  /** 422: the request is invalid; `details` lists the problems per field. */
  validationFailed: 'validation_failed',
  /** 429: too many failed sign-ins; the message says when to try again. */
  loginLocked: 'login_locked',
  /** 400: an e-mail link that was never valid. */
  tokenInvalid: 'token_invalid',
  /** 400: an e-mail link already used, or replaced by a newer one. */
  tokenUsed: 'token_used',
  /** 401: an expired access token; 400: an expired e-mail link. */
  tokenExpired: 'token_expired',
  /** 403: an administrators' endpoint. */
  adminOnly: 'admin_only',
  /** 403 (a tier limit): the plan's number of brand kits is reached; `details.limit`. */
  brandKitLimitReached: 'brand_kit_limit_reached',
  /** 403 (a tier limit): the plan's assets this month are used up; `details.limit`, `details.resets_at`. */
  monthlyQuotaExceeded: 'monthly_quota_exceeded',
  /** 403 (a tier limit): the Prompt Coach needs the Studio plan. */
  coachRequiresStudio: 'coach_requires_studio',
  /** 403 (a tier limit): another part of a plan the caller does not have. */
  tierLimitReached: 'tier_limit_reached',
  /** 404: no AuraStream streamer connected the Twitch channel of the extension's viewer. */
  channelNotConnected: 'channel_not_connected',
  /** 404: development extension tokens are off on this server. */
  devTokensDisabled: 'dev_tokens_disabled',
  /** 503: the server has no Twitch extension secret. */
  extensionNotConfigured: 'extension_not_configured',
  /** 401: an `extension` endpoint called without the extension JWT. */
  extensionTokenMissing: 'extension_token_missing',
  /** 401: an extension JWT that is forged or malformed. */
  extensionTokenInvalid: 'extension_token_invalid',
  /** 401: an expired extension JWT (Twitch hands the panel a fresh one). */
  extensionTokenExpired: 'extension_token_expired',
  /** 403: the viewer's role on the channel is not one the endpoint allows; `details.allowed_roles`. */
  extensionRoleForbidden: 'extension_role_forbidden',
  /** 401: a `service` endpoint called without a service credential. */
  serviceCredentialMissing: 'service_credential_missing',
  /** 401: a service credential that does not exist. */
  serviceCredentialInvalid: 'service_credential_invalid',
  /** 401: a service credential an administrator revoked. */
  serviceCredentialRevoked: 'service_credential_revoked',
  /** 401: an EventSub delivery without its signature headers. */
  eventSubSignatureMissing: 'eventsub_signature_missing',
  /** 401: an EventSub delivery whose signature does not match its body. */
  eventSubSignatureInvalid: 'eventsub_signature_invalid',
  /** 401: an EventSub delivery sent more than 10 minutes from now (a replay). */
  eventSubTimestampOutOfWindow: 'eventsub_timestamp_out_of_window',
  /** 404: no such idea in the caller's channel. */
  ideaNotFound: 'idea_not_found',
  /** 403: the channel has ideas turned off. */
  ideasDisabled: 'ideas_disabled',
  /** 403: the channel lets only some viewers suggest; `details.required_role`. */
  ideaRoleNotAllowed: 'idea_role_not_allowed',
  /** 403: the channel asks panel viewers to share their Twitch identity before suggesting. */
  ideaIdentityRequired: 'idea_identity_required',
  /** 422: the idea contains a blocked word or phrase; `details.reason` is `blocked_term`. */
  ideaBlockedTerm: 'idea_blocked_term',
  /** 429: the viewer suggested an idea too recently; `details.retry_after_seconds`. */
  ideaCooldown: 'idea_cooldown',
  /** 409: the viewer already has an idea waiting; `details.idea_number`. */
  ideaPendingExists: 'idea_pending_exists',
  /** 409: the idea was already decided (approved, rejected, expired…); `details.status`. */
  ideaNotPending: 'idea_not_pending',
  /** 409: the viewer already voted for this idea. */
  ideaAlreadyVoted: 'idea_already_voted',
  /** 403: only the streamer and the moderators they allow may approve or reject. */
  ideaModerationForbidden: 'idea_moderation_forbidden',
  /** 503: sign-in with a provider this server has no credentials for (`GET /auth/providers` tells). */
  providerNotConfigured: 'provider_not_configured',
  /** 409: the feature needs a Twitch connection and there is none. */
  twitchNotConnected: 'twitch_not_connected',
  /** 409: Twitch no longer accepts the connection's tokens: connect Twitch again. */
  twitchConnectionRevoked: 'twitch_connection_revoked',
  /** 403: the Twitch connection lacks scopes the feature needs; `details.missing_scopes`, `details.scope_set`. */
  twitchScopesMissing: 'twitch_scopes_missing',
  /** 429: Twitch's Helix rate limit is used up; `details.retry_after_seconds`. */
  twitchRateLimited: 'twitch_rate_limited',
  /** 403: channel points exist only for Twitch affiliates and partners. */
  channelPointsUnavailable: 'channel_points_unavailable',
  /** 409: the channel already has Twitch's maximum of 50 custom rewards. */
  channelPointsRewardLimit: 'channel_points_reward_limit',
  /** 409: the channel has another reward with this title. */
  channelPointsDuplicateTitle: 'channel_points_duplicate_title',
  /** 403: a service credential acting for a channel its scope does not cover (or whose bot is off). */
  serviceChannelForbidden: 'service_channel_forbidden',
  /** 404: the dashboard's simulated chat needs the simulated Twitch of development. */
  simulatedChatUnavailable: 'simulated_chat_unavailable',
  /** 409: the bot account's tokens changed hands (another account was connected meanwhile). */
  botAccountChanged: 'bot_account_changed',
} as const;

export type ErrorCode = (typeof errorCodes)[keyof typeof errorCodes];

/** 403 codes meaning "the plan does not include this": a client offers an upgrade. */
export const tierLimitErrorCodes: readonly ErrorCode[] = [
  errorCodes.brandKitLimitReached,
  errorCodes.monthlyQuotaExceeded,
  errorCodes.coachRequiresStudio,
  errorCodes.tierLimitReached,
];
