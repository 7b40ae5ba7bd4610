/**
 * Credentials of every kind a caller may present, genuine and forged: users' access tokens, Twitch
 * extension JWTs, service credentials and EventSub signatures. Forgeries are made with jose and
 * node:crypto from the outside, exactly as an attacker could, never through the service's code.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { SignJWT, UnsecuredJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import { twitchEventSubHeaders } from '@aurastream/contract';

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** What a service verifies users' access tokens with (its JWT settings). */
export interface AccessTokenSettings {
  secret: string;
  keyId: string;
  issuer: string;
  audience: string;
}

/** A named way of presenting a user's access token, and the code the service must refuse it with. */
export interface ForgedUserToken {
  name: string;
  authorization: string;
  code: string;
}

/**
 * Every forgery of `genuine` (a valid access token): a key the service does not hold, `alg: none`,
 * a payload changed after signing (another user's id), an unknown `kid`, another audience and
 * issuer, an expired token signed with the real key, and malformed headers.
 */
export async function forgedUserTokens(
  genuine: string,
  settings: AccessTokenSettings,
  otherUserId: string,
): Promise<ForgedUserToken[]> {
  const claims = decodeJwt(genuine);
  const header = decodeProtectedHeader(genuine);
  const realKey = new TextEncoder().encode(settings.secret);
  const sign = (payload: Record<string, unknown>, key: Uint8Array, kid = settings.keyId) =>
    new SignJWT(payload).setProtectedHeader({ alg: 'HS256', kid, typ: 'JWT' }).sign(key);
  const now = Math.floor(Date.now() / 1000);
  const [, , signature] = genuine.split('.');
  return [
    {
      name: 'wrong key',
      authorization: `Bearer ${await sign(claims, new TextEncoder().encode(randomBytes(32).toString('hex')))}`,
      code: 'invalid_token',
    },
    { name: 'alg none', authorization: `Bearer ${new UnsecuredJWT(claims).encode()}`, code: 'invalid_token' },
    {
      name: 'alg none with the real kid',
      authorization: `Bearer ${base64url({ ...header, alg: 'none' })}.${base64url(claims)}.`,
      code: 'invalid_token',
    },
    {
      name: 'tampered payload (another user id, signature kept)',
      authorization: `Bearer ${base64url(header)}.${base64url({ ...claims, sub: otherUserId })}.${signature}`,
      code: 'invalid_token',
    },
    {
      name: 'unknown kid',
      authorization: `Bearer ${await sign(claims, realKey, `${settings.keyId}-unknown`)}`,
      code: 'invalid_token',
    },
    {
      name: 'wrong audience',
      authorization: `Bearer ${await sign({ ...claims, aud: 'someone-else' }, realKey)}`,
      code: 'invalid_token',
    },
    {
      name: 'wrong issuer',
      authorization: `Bearer ${await sign({ ...claims, iss: 'someone-else' }, realKey)}`,
      code: 'invalid_token',
    },
    {
      name: 'expired (real key)',
      authorization: `Bearer ${await sign({ ...claims, iat: now - 7200, exp: now - 3600 }, realKey)}`,
      code: 'token_expired',
    },
    {
      name: 'no session claim (real key)',
      authorization: `Bearer ${await sign({ ...claims, sid: undefined }, realKey)}`,
      code: 'invalid_token',
    },
    { name: 'not a JWT', authorization: `Bearer ${randomBytes(24).toString('base64url')}`, code: 'invalid_token' },
    { name: 'Basic scheme', authorization: `Basic ${Buffer.from('a:b').toString('base64')}`, code: 'invalid_token' },
    { name: 'Bearer without a token', authorization: 'Bearer', code: 'invalid_token' },
  ];
}

/** A Twitch extension JWT as Twitch's helper hands it to the panel (HS256, base64-decoded secret). */
export function extensionToken(options: {
  secret: string;
  channelId: string;
  role?: 'viewer' | 'broadcaster' | 'moderator' | 'external';
  expiresInSeconds?: number;
}): Promise<string> {
  return new SignJWT({
    channel_id: options.channelId,
    opaque_user_id: `U${randomBytes(8).toString('hex')}`,
    role: options.role ?? 'viewer',
    is_unlinked: false,
    pubsub_perms: { listen: ['broadcast', 'global'], send: [] },
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setExpirationTime(Math.floor(Date.now() / 1000) + (options.expiresInSeconds ?? 3600))
    .sign(new Uint8Array(Buffer.from(options.secret, 'base64')));
}

export interface ForgedExtensionToken {
  name: string;
  headers: Record<string, string>;
  code: string;
}

/** Forgeries of a viewer's extension JWT for `channelId`, signed by someone without the secret. */
export async function forgedExtensionTokens(
  secret: string,
  channelId: string,
  userAccessToken: string,
): Promise<ForgedExtensionToken[]> {
  const genuine = await extensionToken({ secret, channelId });
  const [header, payload, signature] = genuine.split('.') as [string, string, string];
  const claims = decodeJwt(genuine);
  return [
    {
      name: 'wrong secret',
      headers: {
        authorization: `Bearer ${await extensionToken({ secret: randomBytes(32).toString('base64'), channelId })}`,
      },
      code: 'extension_token_invalid',
    },
    {
      name: 'alg none',
      headers: { 'x-extension-jwt': new UnsecuredJWT(claims).encode() },
      code: 'extension_token_invalid',
    },
    {
      name: 'tampered payload (channel changed, signature kept)',
      headers: {
        'x-extension-jwt': `${header}.${base64url({ ...claims, channel_id: '999999999' })}.${signature}`,
      },
      code: 'extension_token_invalid',
    },
    {
      name: 'signature cut off',
      headers: { 'x-extension-jwt': `${header}.${payload}.` },
      code: 'extension_token_invalid',
    },
    {
      name: 'expired',
      headers: { authorization: `Bearer ${await extensionToken({ secret, channelId, expiresInSeconds: -120 })}` },
      code: 'extension_token_expired',
    },
    {
      name: "a user's access token",
      headers: { authorization: `Bearer ${userAccessToken}` },
      code: 'extension_token_invalid',
    },
  ];
}

/** A service credential that looks right but was never issued. */
export function unknownServiceCredential(): string {
  return `aura_svc_${randomBytes(24).toString('base64url')}`;
}

/** The headers of an EventSub delivery signed with `secret` at `sentAt`. */
export function eventSubHeaders(secret: string, body: string, sentAt = new Date()): Record<string, string> {
  const messageId = randomUUID();
  const timestamp = sentAt.toISOString();
  const digest = createHmac('sha256', secret).update(messageId).update(timestamp).update(body).digest('hex');
  return {
    'content-type': 'application/json',
    [twitchEventSubHeaders.messageId]: messageId,
    [twitchEventSubHeaders.timestamp]: timestamp,
    [twitchEventSubHeaders.signature]: `sha256=${digest}`,
    [twitchEventSubHeaders.messageType]: 'notification',
    [twitchEventSubHeaders.subscriptionType]: 'channel.channel_points_custom_reward_redemption.add',
    [twitchEventSubHeaders.subscriptionVersion]: '1',
  };
}

export interface ForgedEventSubDelivery {
  name: string;
  headers: Record<string, string>;
  body: string;
  code: string;
}

/** Deliveries Twitch never sent: another secret, a body changed after signing, a stale timestamp, no signature. */
export function forgedEventSubDeliveries(secret: string, body: string): ForgedEventSubDelivery[] {
  const stale = new Date(Date.now() - 11 * 60_000);
  const unsigned = eventSubHeaders(secret, body);
  delete unsigned[twitchEventSubHeaders.signature];
  return [
    {
      name: 'wrong secret',
      headers: eventSubHeaders(randomBytes(20).toString('hex'), body),
      body,
      code: 'eventsub_signature_invalid',
    },
    {
      name: 'body changed after signing',
      headers: eventSubHeaders(secret, body),
      body: `${body.slice(0, -1)} }`,
      code: 'eventsub_signature_invalid',
    },
    {
      name: 'stale timestamp (a replay)',
      headers: eventSubHeaders(secret, body, stale),
      body,
      code: 'eventsub_timestamp_out_of_window',
    },
    { name: 'no signature', headers: unsigned, body, code: 'eventsub_signature_missing' },
  ];
}
