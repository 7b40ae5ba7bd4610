import { randomBytes } from 'node:crypto';
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { z } from 'zod';
import { extensionTokenErrors, ExtensionNotConfiguredError } from './errors';
import { extensionViewerRoleSchema, twitchChannelIdSchema, type ExtensionViewerRole } from '@aurastream/contract';

/** What Twitch's extension JWT says about the viewer (the claims this feature relies on). */
export interface ExtensionViewer {
  channelId: string;
  /** Twitch's per-viewer id for extensions: `U…` for a signed-in viewer, `A…` for a logged-out one. */
  opaqueUserId: string;
  role: ExtensionViewerRole;
  expiresAt: Date;
}

const claimsSchema = z.object({
  exp: z.number(),
  channel_id: twitchChannelIdSchema,
  opaque_user_id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  role: extensionViewerRoleSchema,
});

/** Twitch's clocks and ours may disagree a little. */
const CLOCK_TOLERANCE_SECONDS = 30;

/**
 * Twitch extension JWTs: HS256, signed with the extension's shared secret (base64, as the Twitch
 * developer console shows it). Verifies what Twitch hands the panel in `onAuthorized`, and signs
 * look-alike tokens for the development harness.
 */
export class ExtensionJwt {
  private readonly key: Uint8Array | null;

  constructor(base64Secret: string) {
    this.key = base64Secret ? new Uint8Array(Buffer.from(base64Secret, 'base64')) : null;
  }

  /** Throws a 401 for a forged, expired or malformed token (never saying which claim failed). */
  async verify(token: string, now = new Date()): Promise<ExtensionViewer> {
    if (!this.key) {
      throw new ExtensionNotConfiguredError();
    }
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        requiredClaims: ['exp'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        currentDate: now,
      }));
    } catch (error) {
      throw error instanceof joseErrors.JWTExpired ? extensionTokenErrors.expired() : extensionTokenErrors.invalid();
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) {
      throw extensionTokenErrors.invalid();
    }
    return {
      channelId: claims.data.channel_id,
      opaqueUserId: claims.data.opaque_user_id,
      role: claims.data.role,
      expiresAt: new Date(claims.data.exp * 1000),
    };
  }

  /** A token shaped like Twitch's, for a logged-out viewer of `channelId` (development harness, tests). */
  async sign(
    channelId: string,
    role: ExtensionViewerRole,
    ttlSeconds: number,
    now = new Date(),
  ): Promise<{ token: string; viewer: ExtensionViewer }> {
    if (!this.key) {
      throw new ExtensionNotConfiguredError();
    }
    const expiresAtSeconds = Math.floor(now.getTime() / 1000) + ttlSeconds;
    const opaqueUserId = `A${randomBytes(12).toString('hex')}`;
    const token = await new SignJWT({
      channel_id: channelId,
      opaque_user_id: opaqueUserId,
      role,
      is_unlinked: false,
      pubsub_perms: { listen: ['broadcast', 'global'], send: [] },
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setExpirationTime(expiresAtSeconds)
      .sign(this.key);
    return {
      token,
      viewer: { channelId, opaqueUserId, role, expiresAt: new Date(expiresAtSeconds * 1000) },
    };
  }
}
