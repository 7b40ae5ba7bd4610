import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { SignJWT } from 'jose';
import type { TestService, TestUser } from '@aurastream/service/testing';
import type { AuraStreamClient, TwitchAssetType } from '@aurastream/contract';
import type { FakeTwitch } from '@aurastream/fake-twitch';
import { signInWithTwitch } from '../auth/support/twitch-sign-in';
import { waitForJobEnd } from '../generation/support';

export type Asset = Awaited<ReturnType<AuraStreamClient['assets']['get']>>;

/** A base64 secret like the one the Twitch developer console shows for an extension. */
export function newExtensionSecret(): string {
  return randomBytes(32).toString('base64');
}

export interface ViewerTokenOptions {
  channelId: string;
  role?: 'viewer' | 'broadcaster' | 'moderator' | 'external';
  opaqueUserId?: string;
  /** Seconds from now; negative for an expired token. */
  expiresInSeconds?: number;
  /** The viewer's Twitch user id, once they shared their identity with the extension. */
  userId?: string;
  /** Another secret, to forge a token. */
  secret: string;
}

/** A token as Twitch's extension helper hands it to the panel (HS256, base64-decoded secret). */
export function viewerToken(options: ViewerTokenOptions): Promise<string> {
  return new SignJWT({
    channel_id: options.channelId,
    opaque_user_id: options.opaqueUserId ?? `U${randomBytes(8).toString('hex')}`,
    role: options.role ?? 'viewer',
    ...(options.userId ? { user_id: options.userId } : {}),
    is_unlinked: false,
    pubsub_perms: { listen: ['broadcast', 'global'], send: [] },
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setExpirationTime(Math.floor(Date.now() / 1000) + (options.expiresInSeconds ?? 3600))
    .sign(new Uint8Array(Buffer.from(options.secret, 'base64')));
}

/** `GET /api/v1/extension/panel` as the panel sends it, raw (statuses and headers matter here). */
export function requestPanel(
  app: TestService,
  token: string | null,
  header: 'authorization' | 'x-extension-jwt' = 'authorization',
): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token !== null) {
    headers[header] = header === 'authorization' ? `Bearer ${token}` : token;
  }
  return fetch(`${app.url}/api/v1/extension/panel`, { headers });
}

/** An extension endpoint as the panel calls it, raw (statuses and headers matter here). */
export function requestExtension(
  app: TestService,
  token: string,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Response> {
  return fetch(`${app.url}/api/v1/extension${path}`, {
    method: init.method ?? 'GET',
    headers: {
      accept: 'application/json',
      authorization: `Bearer ${token}`,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

export async function errorCodeOf(response: Response): Promise<string> {
  const body = (await response.json()) as { error: { code: string } };
  return body.error.code;
}

/** A streamer with an AuraStream account whose Twitch channel is connected (fake Twitch OAuth). */
export interface Streamer extends TestUser {
  channelId: string;
}

export async function createStreamer(
  app: TestService,
  twitch: FakeTwitch,
  options: { login: string; displayName: string },
): Promise<Streamer> {
  const user = await app.createUser({ tier: 'pro', displayName: options.displayName });
  const account = twitch.addUser({ login: options.login, display_name: options.displayName });
  const { outcome } = await signInWithTwitch(app, { accessToken: user.accessToken });
  expect(outcome.get('action'), outcome.toString()).to.equal('linked');
  return { ...user, channelId: account.id };
}

/** Generates assets through the API and waits for the job: the files it made. */
export async function generateAssets(
  api: AuraStreamClient,
  assetType: TwitchAssetType,
  options: { variations?: number; prompt?: string; publish?: boolean } = {},
): Promise<Asset[]> {
  const queued = await api.twitch.generate({
    body: { assetType, customPrompt: options.prompt ?? `showcase ${assetType}`, variations: options.variations ?? 1 },
  });
  const job = await waitForJobEnd(api, queued.id);
  expect(job.status, job.errorMessage ?? '').to.equal('completed');
  const made = (await api.generation.getJobAssets({ params: { id: job.id } })).assets;
  if (options.publish === false) {
    return made;
  }
  // new designs are private: a showcase test publishes what it made, as a streamer would
  return (await api.assets.setDesignsVisibility({ body: { assetIds: made.map((asset) => asset.id), isPublic: true } }))
    .assets;
}
