import { randomBytes } from 'node:crypto';
import type { IdeaActor, IdeaViewer, TestService, ViewerBadges } from '@aurastream/service/testing';
import {
  ApiError,
  type AuraStreamClient,
  type Camelize,
  type SubmitIdeaBody,
  type UpdateIdeaSettingsBody,
} from '@aurastream/contract';

export { createStreamer, type Streamer } from '../extension/support';

const noBadges: ViewerBadges = { broadcaster: false, moderator: false, vip: false, subscriber: false };

/** A chatter or panel viewer with a Twitch user id (digits, as Twitch's). */
export function viewer(
  options: {
    badges?: Partial<ViewerBadges>;
    name?: string;
    twitchUserId?: string | null;
    opaqueId?: string | null;
  } = {},
): IdeaViewer {
  const id =
    options.twitchUserId === undefined
      ? String(10_000_000 + Math.floor(Math.random() * 89_999_999))
      : options.twitchUserId;
  return {
    twitchUserId: id,
    displayName: options.name ?? (id ? `viewer_${id}` : null),
    opaqueId:
      options.opaqueId === undefined ? (id ? `U${id}` : `A${randomBytes(6).toString('hex')}`) : options.opaqueId,
    badges: { ...noBadges, ...options.badges },
  };
}

export function actor(channelId: string, who: IdeaViewer): IdeaActor {
  return { channelId, viewer: who };
}

/** The ideas API the panel's and the bot's endpoints will call (no HTTP for them yet). */
export function ideasApi(app: TestService) {
  return app.service.container.apis.ideas;
}

export function submit(
  app: TestService,
  channelId: string,
  who: IdeaViewer,
  body: Partial<SubmitIdeaBody> & { text: string },
  source: 'chat' | 'panel' = 'chat',
) {
  return ideasApi(app).submitAsViewer(actor(channelId, who), source, { asset_type: 'emote', ...body });
}

/** The typed error a call throws (ApiError over HTTP, AppError through the API). */
export async function refusal(
  promise: Promise<unknown>,
): Promise<{ status: number; code: string; message: string; details: unknown }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) {
      return { status: error.status, code: error.code, message: error.message, details: error.details };
    }
    const typed = error as { status?: number; code?: string; message?: string; details?: unknown };
    if (typeof typed.status === 'number' && typeof typed.code === 'string') {
      return { status: typed.status, code: typed.code, message: typed.message ?? '', details: typed.details };
    }
    throw error;
  }
  throw new Error('expected the call to be refused');
}

/** Changes a streamer's ideas settings over HTTP (the dashboard's endpoint). */
export function configure(
  streamer: { api: AuraStreamClient },
  body: Camelize<UpdateIdeaSettingsBody>,
): ReturnType<AuraStreamClient['ideas']['updateSettings']> {
  return streamer.api.ideas.updateSettings({ body });
}
