import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { SignJWT } from 'jose';
import { z } from 'zod';
import { extensionViewerRoleSchema, twitchChannelIdSchema, type ExtensionViewerRole } from '@aurastream/contract';
import { extensionTokenErrors, ExtensionNotConfiguredError } from './caller-errors';
import type { ExtensionViewer } from './principal';
import { VerifiedTokens } from './verified-tokens';

export type { ExtensionViewer } from './principal';

const claimsSchema = z.object({
  exp: z.number(),
  channel_id: twitchChannelIdSchema,
  opaque_user_id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  // present once the viewer shared their identity with the extension
  user_id: z
    .string()
    .regex(/^\d{1,20}$/)
    .optional(),
  role: extensionViewerRoleSchema,
});

/** Twitch's clocks and ours may disagree a little. */
const CLOCK_TOLERANCE_SECONDS = 30;
/** Verified tokens remembered, so a viewer polling with the same token costs one HMAC, not one per request. */
const VERIFIED_TOKENS_KEPT = 10_000;
/** …each for at most this long (and never past what jose would accept: `exp` plus the tolerance). */
const VERIFIED_TOKEN_MEMORY_MS = 5 * 60_000;

/** Imports the signing secret once: given raw bytes, jose would import them again for every token. */
function hmacKey(secret: Buffer): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', new Uint8Array(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** A base64url part of a token as a JSON object, or null. */
function jsonObjectOf(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * The claims of a compact HS256 JWS signed with one of `secrets`, or null (malformed, another
 * algorithm, a `crit` header, a signature none of them made). As jose's `compactVerify` checks an
 * HS256 token, but with node:crypto's HMAC, synchronously: WebCrypto's `verify` is an asynchronous
 * job, and every vote of a live channel is a viewer's first request with a new token, whose
 * verification was the largest cost of the vote.
 */
function hs256Claims(token: string, secrets: readonly Buffer[]): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((part) => BASE64URL.test(part))) {
    return null;
  }
  const [header, payload, signature] = parts as [string, string, string];
  const protectedHeader = jsonObjectOf(header);
  // `crit` names extensions a verifier must understand; none is understood here (nor by Twitch's tokens)
  if (protectedHeader?.alg !== 'HS256' || 'crit' in protectedHeader) {
    return null;
  }
  const given = Buffer.from(signature, 'base64url');
  const signed = `${header}.${payload}`;
  const signedByOne = secrets.some((secret) => {
    const expected = createHmac('sha256', secret).update(signed).digest();
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return signedByOne ? jsonObjectOf(payload) : null;
}

/** jose's checks of the registered time claims (`exp` required): numbers, `nbf` not ahead, `exp` not past. */
function timeClaimsProblem(claims: Record<string, unknown>, now: Date): 'invalid' | 'expired' | null {
  const { exp, nbf, iat } = claims;
  if (
    typeof exp !== 'number' ||
    (nbf !== undefined && typeof nbf !== 'number') ||
    (iat !== undefined && typeof iat !== 'number')
  ) {
    return 'invalid';
  }
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (typeof nbf === 'number' && nbf > nowSeconds + CLOCK_TOLERANCE_SECONDS) {
    return 'invalid';
  }
  return exp <= nowSeconds - CLOCK_TOLERANCE_SECONDS ? 'expired' : null;
}

/**
 * Twitch extension JWTs: HS256, signed with the extension's shared secret (base64, as the Twitch
 * developer console shows it). Verifies what Twitch hands the panel in `onAuthorized`, and signs
 * look-alike tokens for the development harness. Several secrets verify at once, so a secret
 * rotated in Twitch's console locks no viewer out: the current one first, then the previous ones.
 */
export class ExtensionJwt {
  /** The decoded secrets, the current one first. */
  private readonly secrets: Buffer[];
  /** The current secret, imported for signing the harness's tokens. */
  private readonly signingKey: Promise<CryptoKey> | null;
  /** A viewer's panel sends one token for its lifetime: its signature and claims are checked once. */
  private readonly verified = new VerifiedTokens<Readonly<ExtensionViewer>>(VERIFIED_TOKENS_KEPT);

  constructor(base64Secret: string, previousBase64Secrets: readonly string[] = []) {
    this.secrets = [base64Secret, ...previousBase64Secrets]
      .filter(Boolean)
      .map((secret) => Buffer.from(secret, 'base64'));
    this.signingKey = this.secrets[0] ? hmacKey(this.secrets[0]) : null;
    // a secret that does not import is a configuration error, reported by the first signing
    this.signingKey?.catch(() => undefined);
  }

  /** Throws a 401 for a forged, expired or malformed token (never saying which claim failed). */
  async verify(token: string, now = new Date()): Promise<ExtensionViewer> {
    if (this.secrets.length === 0) {
      throw new ExtensionNotConfiguredError();
    }
    const cached = this.verified.get(token, now.getTime());
    if (cached) {
      return cached;
    }
    // the signature first, then the time claims, as jose checks them
    const payload = hs256Claims(token, this.secrets);
    if (!payload) {
      throw extensionTokenErrors.invalid();
    }
    const problem = timeClaimsProblem(payload, now);
    if (problem) {
      throw problem === 'expired' ? extensionTokenErrors.expired() : extensionTokenErrors.invalid();
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) {
      throw extensionTokenErrors.invalid();
    }
    const viewer: Readonly<ExtensionViewer> = Object.freeze({
      kind: 'extension',
      channelId: claims.data.channel_id,
      opaqueUserId: claims.data.opaque_user_id,
      userId: claims.data.user_id ?? null,
      role: claims.data.role,
      expiresAt: new Date(claims.data.exp * 1000),
    });
    // as long as jose would accept it (its expiry plus the clock tolerance), and at most five
    // minutes: one check is never trusted for the whole life of a long-lived token
    const acceptedUntilMs = (claims.data.exp + CLOCK_TOLERANCE_SECONDS) * 1000;
    this.verified.set(token, viewer, Math.min(acceptedUntilMs, now.getTime() + VERIFIED_TOKEN_MEMORY_MS));
    return viewer;
  }

  /** A token shaped like Twitch's, for a logged-out viewer of `channelId` (development harness, tests). */
  async sign(
    channelId: string,
    role: ExtensionViewerRole,
    ttlSeconds: number,
    now = new Date(),
    /** The viewer's Twitch user id, as once they shared their identity. */
    userId: string | null = null,
  ): Promise<{ token: string; viewer: ExtensionViewer }> {
    const { signingKey } = this;
    if (!signingKey) {
      throw new ExtensionNotConfiguredError();
    }
    const expiresAtSeconds = Math.floor(now.getTime() / 1000) + ttlSeconds;
    const opaqueUserId = userId ? `U${userId}` : `A${randomBytes(12).toString('hex')}`;
    const token = await new SignJWT({
      channel_id: channelId,
      opaque_user_id: opaqueUserId,
      ...(userId ? { user_id: userId } : {}),
      role,
      is_unlinked: false,
      pubsub_perms: { listen: ['broadcast', 'global'], send: [] },
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setExpirationTime(expiresAtSeconds)
      .sign(await signingKey);
    return {
      token,
      viewer: {
        kind: 'extension',
        channelId,
        opaqueUserId,
        userId,
        role,
        expiresAt: new Date(expiresAtSeconds * 1000),
      },
    };
  }
}
