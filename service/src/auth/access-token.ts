import { errorCodes } from '@aurastream/contract';
import { SignJWT, jwtVerify, errors as joseErrors, type JWTPayload } from 'jose';
import { randomUUID } from 'node:crypto';
import type { Config } from '../config';
import { UnauthorizedError } from '../shared/errors';
import type { UserId } from '../users/user.repository';
import { VerifiedTokens } from './verified-tokens';

export interface AccessTokenClaims {
  userId: UserId;
  /** Refresh-token family (one per signed-in device), so logout can end just this session. */
  sessionId: string;
  issuedAt: Date;
  expiresAt: Date;
}

/** Imports a secret once: given raw bytes, jose would import them again for every token. */
function hmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ]);
}

/**
 * Tokens verified lately (`VerifiedTokens`); the account and session are checked by the
 * Authenticator on every request regardless.
 */
const verifiedCacheSize = 10_000;

/**
 * Short-lived HS256 JWTs with issuer, audience, expiry and a key id. Tokens signed with a previous
 * key (`JWT_PREVIOUS_SECRETS`) stay valid until they expire, so keys can rotate.
 */
export class AccessTokenService {
  private readonly keys: Map<string, Promise<CryptoKey>>;
  private readonly verified = new VerifiedTokens<Readonly<AccessTokenClaims>>(verifiedCacheSize);

  constructor(private readonly config: Config['auth']) {
    this.keys = new Map([
      [config.jwtKeyId, hmacKey(config.jwtSecret)],
      ...config.jwtPreviousKeys.map(({ kid, secret }) => [kid, hmacKey(secret)] as const),
    ]);
  }

  async issue(userId: UserId, sessionId: string, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
    const issuedAtSeconds = Math.floor(now.getTime() / 1000);
    const expiresAt = new Date((issuedAtSeconds + this.config.accessTokenTtlSeconds) * 1000);
    const token = await new SignJWT({ sid: sessionId })
      .setProtectedHeader({ alg: 'HS256', kid: this.config.jwtKeyId, typ: 'JWT' })
      .setSubject(userId)
      .setIssuer(this.config.issuer)
      .setAudience(this.config.audience)
      .setIssuedAt(issuedAtSeconds)
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .setJti(randomUUID())
      .sign(await (this.keys.get(this.config.jwtKeyId) as Promise<CryptoKey>));
    return { token, expiresAt };
  }

  async verify(token: string, now = Date.now()): Promise<AccessTokenClaims> {
    const cached = this.verified.get(token, now);
    if (cached) {
      return cached;
    }
    const claims = Object.freeze(await this.verifySignedToken(token, now));
    this.verified.set(token, claims, claims.expiresAt.getTime());
    return claims;
  }

  private async verifySignedToken(token: string, now: number): Promise<AccessTokenClaims> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(
        token,
        (header) => {
          const key = header.kid ? this.keys.get(header.kid) : undefined;
          if (!key) {
            throw new UnauthorizedError('The access token was signed with an unknown key', 'invalid_token');
          }
          return key;
        },
        {
          issuer: this.config.issuer,
          audience: this.config.audience,
          algorithms: ['HS256'],
          currentDate: new Date(now),
        },
      ));
    } catch (error) {
      if (error instanceof UnauthorizedError) {
        throw error;
      }
      if (error instanceof joseErrors.JWTExpired) {
        throw new UnauthorizedError('The access token has expired', errorCodes.tokenExpired);
      }
      throw new UnauthorizedError('The access token is invalid', 'invalid_token');
    }
    if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string' || !payload.iat || !payload.exp) {
      throw new UnauthorizedError('The access token is invalid', 'invalid_token');
    }
    return {
      userId: payload.sub as UserId,
      sessionId: payload.sid,
      issuedAt: new Date(payload.iat * 1000),
      expiresAt: new Date(payload.exp * 1000),
    };
  }
}
