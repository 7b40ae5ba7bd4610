import { randomBytes } from 'node:crypto';
import { SignJWT, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
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

/** Imports a secret once: given raw bytes, jose would import them again for every token. */
function hmacKey(base64Secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey(
    'raw',
    new Uint8Array(Buffer.from(base64Secret, 'base64')),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  );
}

/**
 * Twitch extension JWTs: HS256, signed with the extension's shared secret (base64, as the Twitch
 * developer console shows it). Verifies what Twitch hands the panel in `onAuthorized`, and signs
 * look-alike tokens for the development harness. Several secrets verify at once, so a secret
 * rotated in Twitch's console locks no viewer out: the current one first, then the previous ones.
 */
export class ExtensionJwt {
  private readonly keys: Promise<CryptoKey>[];
  /** A viewer's panel sends one token for its lifetime: its signature and claims are checked once. */
  private readonly verified = new VerifiedTokens<Readonly<ExtensionViewer>>(VERIFIED_TOKENS_KEPT);

  constructor(base64Secret: string, previousBase64Secrets: readonly string[] = []) {
    this.keys = [base64Secret, ...previousBase64Secrets].filter(Boolean).map(hmacKey);
    // a secret that does not import is a configuration error, reported by the first verify
    for (const key of this.keys) {
      key.catch(() => undefined);
    }
  }

  /** Throws a 401 for a forged, expired or malformed token (never saying which claim failed). */
  async verify(token: string, now = new Date()): Promise<ExtensionViewer> {
    if (this.keys.length === 0) {
      throw new ExtensionNotConfiguredError();
    }
    const cached = this.verified.get(token, now.getTime());
    if (cached) {
      return cached;
    }
    const claims = claimsSchema.safeParse(await this.verifiedPayload(token, now));
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
    const signingKey = this.keys[0];
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

  /** The payload of a token signed with any of the secrets; jose checks the signature before `exp`. */
  private async verifiedPayload(token: string, now: Date): Promise<JWTPayload> {
    for (const key of this.keys) {
      try {
        const { payload } = await jwtVerify(token, await key, {
          algorithms: ['HS256'],
          requiredClaims: ['exp'],
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          currentDate: now,
        });
        return payload;
      } catch (error) {
        if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
          continue;
        }
        throw error instanceof joseErrors.JWTExpired ? extensionTokenErrors.expired() : extensionTokenErrors.invalid();
      }
    }
    throw extensionTokenErrors.invalid();
  }
}
