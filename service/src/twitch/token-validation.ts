import { getTokenInfo, InvalidTokenError } from '@twurple/auth';
import type { Logger } from '../shared/logger';
import type { UserId } from '../users/user.repository';
import type { TwitchConnectionEvents } from './connection-events';
import { TwitchConnectionRevokedError } from './errors';
import type { PlatformConnectionService } from './platform-connection.service';
import type { TwitchTokenRefresher } from './token-refresher';

/** What validating one connection found. */
export type TokenValidationOutcome = 'valid' | 'refreshed' | 'revoked' | 'gone' | 'unreachable';

/** Connections validated per run; an hour's run goes through them least recently validated first. */
const BATCH = 500;

/**
 * Twitch's rule for apps that keep tokens: validate each one against `/oauth2/validate` at start and
 * hourly. A token Twitch refuses is refreshed (it may only have expired); a refresh Twitch refuses
 * marks the connection revoked and tells the streamer (TwitchTokenRefresher). A token issued to
 * another app is treated as revoked.
 */
export class TwitchTokenValidation {
  constructor(
    private readonly deps: {
      connections: PlatformConnectionService;
      refresher: TwitchTokenRefresher;
      events: TwitchConnectionEvents;
      clientId: string;
      logger: Logger;
    },
  ) {}

  async validateAll(): Promise<Record<TokenValidationOutcome, number>> {
    const counts: Record<TokenValidationOutcome, number> = {
      valid: 0,
      refreshed: 0,
      revoked: 0,
      gone: 0,
      unreachable: 0,
    };
    for (const { userId } of await this.deps.connections.listForValidation('twitch', BATCH)) {
      counts[await this.validate(userId)] += 1;
    }
    this.deps.logger.info({ ...counts }, 'Twitch tokens validated');
    return counts;
  }

  async validate(userId: UserId): Promise<TokenValidationOutcome> {
    const tokens = await this.deps.connections.getTokens(userId, 'twitch');
    if (!tokens) {
      return 'gone';
    }
    try {
      const info = await getTokenInfo(tokens.accessToken);
      if (info.clientId !== this.deps.clientId || info.userId !== tokens.platformUserId) {
        if (await this.deps.connections.markRevoked(userId, 'twitch', tokens, 'token_of_another_app')) {
          await this.deps.events.emit({
            kind: 'revoked',
            userId,
            twitchUserId: tokens.platformUserId,
            reason: 'token_of_another_app',
          });
        }
        return 'revoked';
      }
      await this.deps.connections.recordValidation(userId, 'twitch', tokens, info.scopes);
      return 'valid';
    } catch (error) {
      if (!(error instanceof InvalidTokenError)) {
        this.deps.logger.warn({ err: error, userId }, 'Twitch token validation unreachable; tried again next hour');
        return 'unreachable';
      }
    }
    try {
      await this.deps.refresher.refresh(userId, tokens);
      return 'refreshed';
    } catch (error) {
      if (error instanceof TwitchConnectionRevokedError) {
        return 'revoked';
      }
      this.deps.logger.warn({ err: error, userId }, 'Twitch token refresh unreachable; tried again next hour');
      return 'unreachable';
    }
  }
}
