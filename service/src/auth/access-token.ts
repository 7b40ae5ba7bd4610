import { SignJWT, jwtVerify, errors as joseErrors, type JWTPayload } from 'jose';
import { randomUUID } from 'node:crypto';
import type { Config } from '../config';
import { UnauthorizedError } from '../shared/errors';
import type { UserId } from '../users/user.repository';

export interface AccessTokenClaims {
  userId: UserId;
  /** Refresh-token family (one per signed-in device), so logout can end just this session. */
  sessionId: string;
  issuedAt: Date;
  expiresAt: Date;
}

/**
 * Short-lived HS256 JWTs with issuer, audience, expiry and a key id. Tokens signed with a previous
 * key (`JWT_PREVIOUS_SECRETS`) stay valid until they expire, so keys can rotate.
 */
/** Imports a secret once: given raw bytes, jose would import them again for every token. */
function hmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ]);
}

export class AccessTokenService {
  private readonly keys: Map<string, Promise<CryptoKey>>;

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

  async verify(token: string): Promise<AccessTokenClaims> {
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
        { issuer: this.config.issuer, audience: this.config.audience, algorithms: ['HS256'] },
      ));
    } catch (error) {
      if (error instanceof UnauthorizedError) {
        throw error;
      }
      if (error instanceof joseErrors.JWTExpired) {
        throw new UnauthorizedError('The access token has expired', 'token_expired');
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
