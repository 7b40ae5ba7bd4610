import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { CHAT_BOT_ACCOUNT_SCOPES, type BotTokensBody, type ChatBotAccountResponse } from '@aurastream/contract';
import type { OAuthProvider } from '../auth/oauth/oauth-provider';
import { redisKeys } from '../db/redis-keys';
import { BadRequestError, ConflictError } from '../shared/errors';
import type { Logger } from '../shared/logger';
import type { PlatformConnectionService, PlatformTokens } from '../twitch/platform-connection.service';
import type { UserId } from '../users/user.repository';

/**
 * The bot's Twitch account is kept as a platform connection of this reserved owner, so its tokens
 * are encrypted like the streamers' and the Twitch feature's hygiene applies to them too (validated
 * at start and hourly, refreshed one at a time, marked revoked when Twitch refuses them).
 */
export const CHAT_BOT_ACCOUNT_OWNER = 'chat-bot-account' as UserId;

const STATE_TTL_SECONDS = 600;

/** An administrator connects the bot account once through Twitch OAuth; the bot reads its tokens. */
export class BotAccountService {
  constructor(
    private readonly deps: {
      connections: PlatformConnectionService;
      provider: OAuthProvider;
      redis: Redis;
      publicUrl: string;
      logger: Logger;
    },
  ) {}

  redirectUri(): string {
    return `${this.deps.publicUrl}/api/v1/chat-bot/account/callback`;
  }

  /** The Twitch consent page for the bot account (`force_verify`: the admin picks the account). */
  async authorizationUrl(adminId: UserId): Promise<string> {
    const state = randomBytes(24).toString('base64url');
    await this.deps.redis.set(redisKeys.chatBotAccountOAuthState(state), adminId, 'EX', STATE_TTL_SECONDS);
    const url = this.deps.provider.authorizationUrl({
      state,
      redirectUri: this.redirectUri(),
      codeChallenge: null,
      scopes: CHAT_BOT_ACCOUNT_SCOPES,
    });
    return `${url}&force_verify=true`;
  }

  /** Completes the consent: stores the account's tokens. */
  async complete(input: { code?: string; state?: string; error?: string }): Promise<ChatBotAccountResponse> {
    const admin = input.state ? await this.deps.redis.getdel(redisKeys.chatBotAccountOAuthState(input.state)) : null;
    if (!admin) {
      throw new BadRequestError('oauth_state_invalid', 'This link expired: connect the bot account again');
    }
    if (input.error || !input.code) {
      throw new BadRequestError('oauth_denied', 'Twitch did not connect the bot account');
    }
    const tokens = await this.deps.provider.exchangeCode({
      code: input.code,
      redirectUri: this.redirectUri(),
      codeVerifier: null,
    });
    const identity = await this.deps.provider.fetchIdentity(tokens);
    const previous = await this.deps.connections.view(CHAT_BOT_ACCOUNT_OWNER, 'twitch');
    if (previous && previous.platformUserId !== identity.platformUserId) {
      await this.deps.connections.disconnect(CHAT_BOT_ACCOUNT_OWNER, 'twitch');
    }
    await this.deps.connections.link(
      CHAT_BOT_ACCOUNT_OWNER,
      'twitch',
      { platformUserId: identity.platformUserId, login: identity.login, displayName: identity.displayName },
      tokens,
    );
    this.deps.logger.info({ admin, botUserId: identity.platformUserId }, 'chat bot account connected');
    return this.view();
  }

  async view(): Promise<ChatBotAccountResponse> {
    const account = await this.deps.connections.view(CHAT_BOT_ACCOUNT_OWNER, 'twitch');
    return {
      connected: account !== null,
      user_id: account?.platformUserId ?? null,
      login: account?.login ?? null,
      display_name: account?.displayName ?? null,
      status: account?.status ?? null,
      status_reason: account?.statusReason ?? null,
      scopes: account?.scopes ?? [],
      connected_at: account?.connectedAt.toISOString() ?? null,
    };
  }

  /** The account the bot speaks as, when one is connected and Twitch still accepts it. */
  async activeAccount(): Promise<{ userId: string; login: string; displayName: string } | null> {
    const account = await this.deps.connections.view(CHAT_BOT_ACCOUNT_OWNER, 'twitch');
    return account?.status === 'active'
      ? { userId: account.platformUserId, login: account.login ?? '', displayName: account.displayName ?? '' }
      : null;
  }

  tokens(): Promise<PlatformTokens | null> {
    return this.deps.connections.getTokens(CHAT_BOT_ACCOUNT_OWNER, 'twitch');
  }

  /** Stores the tokens a bot process refreshed; 409 when another account was connected meanwhile. */
  async saveRefreshed(body: BotTokensBody): Promise<void> {
    const current = await this.tokens();
    if (!current || current.platformUserId !== body.user_id) {
      throw new ConflictError('bot_account_changed', 'The bot account changed: read the identity again');
    }
    await this.deps.connections.replaceTokens(CHAT_BOT_ACCOUNT_OWNER, 'twitch', current, {
      accessToken: body.access_token,
      refreshToken: body.refresh_token,
      expiresAt: body.expires_at ? new Date(body.expires_at) : null,
      scopes: body.scopes,
    });
  }

  /** Twitch refused the account's token (a bot process found out): the dashboards say so. */
  async markRevoked(reason: string): Promise<void> {
    const current = await this.tokens();
    if (current) {
      await this.deps.connections.markRevoked(CHAT_BOT_ACCOUNT_OWNER, 'twitch', current, reason);
    }
  }

  async disconnect(): Promise<ChatBotAccountResponse> {
    await this.deps.connections.disconnect(CHAT_BOT_ACCOUNT_OWNER, 'twitch');
    return this.view();
  }
}
