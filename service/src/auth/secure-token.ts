import { createHash, randomBytes } from 'node:crypto';

/**
 * Random secrets handed to a client once (refresh tokens, e-mail links). Only their SHA-256 is
 * stored: they carry 256 random bits, so a fast hash is enough and a database leak reveals no
 * usable token.
 */
export function generateSecureToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSecureToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
