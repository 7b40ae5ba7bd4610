import { errorCodes } from '@aurastream/contract';
import type { UserId } from '../users/user.repository';
import { BadRequestError } from '../shared/errors';
import type { AuthTokenType } from './auth-token.model';
import type { AuthTokenRecord, AuthTokenRepository } from './auth-token.repository';
import { generateSecureToken, hashSecureToken } from './secure-token';

const lifetimesMs: Record<AuthTokenType, number> = {
  password_reset: 60 * 60 * 1000,
  email_verification: 24 * 60 * 60 * 1000,
  login_unlock: 60 * 60 * 1000,
};

const nouns: Record<AuthTokenType, string> = {
  password_reset: 'password reset link',
  email_verification: 'verification link',
  login_unlock: 'unlock link',
};

/**
 * The one-time tokens of e-mail links: random, stored only as a hash, single use, short-lived
 * (reset and unlock 1 h, verification 24 h). Only the newest link of a kind works.
 */
export class EmailLinkTokens {
  constructor(private readonly repository: AuthTokenRepository) {}

  /** Creates a token (retiring the user's earlier ones of the type); the clear token goes in the e-mail. */
  async create(userId: UserId, type: AuthTokenType, now = new Date()): Promise<string> {
    const token = generateSecureToken();
    await this.repository.replace(
      userId,
      { token_type: type, token_hash: hashSecureToken(token), expires_at: new Date(now.getTime() + lifetimesMs[type]) },
      now,
    );
    return token;
  }

  /** The usable token's record, without using it up (to check a new password first); else 400. */
  async peek(type: AuthTokenType, token: string, now = new Date()): Promise<AuthTokenRecord> {
    const record = await this.repository.findByHashForAuthentication(type, hashSecureToken(token));
    if (!record || record.used_at || record.expires_at.getTime() <= now.getTime()) {
      throw this.refusal(type, record, now);
    }
    return record;
  }

  /** Uses the token up, atomically (of two concurrent uses one wins); else 400 saying why. */
  async consume(type: AuthTokenType, token: string, now = new Date()): Promise<AuthTokenRecord> {
    const tokenHash = hashSecureToken(token);
    const consumed = await this.repository.consumeForAuthentication(type, tokenHash, now);
    if (!consumed) {
      throw this.refusal(type, await this.repository.findByHashForAuthentication(type, tokenHash), now);
    }
    return consumed;
  }

  async deleteAllForUser(userId: UserId): Promise<void> {
    await this.repository.deleteAllForUser(userId);
  }

  private refusal(type: AuthTokenType, record: AuthTokenRecord | null, now: Date): BadRequestError {
    const noun = nouns[type];
    if (!record) {
      return new BadRequestError(errorCodes.tokenInvalid, `This ${noun} is not valid; ask for a new one`);
    }
    if (record.used_at) {
      return new BadRequestError(errorCodes.tokenUsed, `This ${noun} was already used or replaced by a newer one`);
    }
    if (record.expires_at.getTime() <= now.getTime()) {
      return new BadRequestError(errorCodes.tokenExpired, `This ${noun} has expired; ask for a new one`);
    }
    return new BadRequestError(errorCodes.tokenInvalid, `This ${noun} is not valid; ask for a new one`);
  }
}
