/**
 * The ideas feature's rules that need nothing but their inputs: who a viewer is to the channel,
 * who may submit, which ideas skip the queue, who may moderate, and the defaults.
 */
import { IDEA_SUBMITTER_MIN_ROLE, VIEWER_ROLE_RANK, type IdeaSource, type ViewerRole } from '@aurastream/contract';
import type { IdeaSettings } from './idea-settings.repository';

/** What chat badges (or the extension JWT's role) say of a viewer in a channel. */
export interface ViewerBadges {
  broadcaster: boolean;
  moderator: boolean;
  vip: boolean;
  subscriber: boolean;
}

/** A viewer as the source knows them. */
export interface IdeaViewer {
  /** Null for a panel viewer who did not share their identity. */
  twitchUserId: string | null;
  displayName: string | null;
  /** The extension's opaque id (`U…`/`A…`). */
  opaqueId: string | null;
  badges: ViewerBadges;
}

export const NO_BADGES: ViewerBadges = { broadcaster: false, moderator: false, vip: false, subscriber: false };

/** A channel's settings until its streamer changes them: every viewer idea waits for a moderator. */
export const DEFAULT_IDEA_SETTINGS: Omit<IdeaSettings, 'updated_at'> = {
  enabled: true,
  submitters: 'everyone',
  auto_approve_sources: [],
  auto_approve_roles: [],
  one_pending_per_viewer: true,
  cooldown_seconds: 60,
  expiry_seconds: 86_400,
  blocked_terms: [],
  use_default_blocked_terms: true,
  panel_requires_identity: false,
  moderators: 'all',
  moderator_twitch_user_ids: [],
};

/** The viewer's highest role. */
export function roleOf(badges: ViewerBadges): ViewerRole {
  if (badges.broadcaster) {
    return 'broadcaster';
  }
  if (badges.moderator) {
    return 'moderator';
  }
  if (badges.vip) {
    return 'vip';
  }
  return badges.subscriber ? 'subscriber' : 'viewer';
}

/** One key per viewer and channel: their Twitch user id when known, else the extension's opaque id. */
export function viewerKeyOf(viewer: Pick<IdeaViewer, 'twitchUserId' | 'opaqueId'>): string | null {
  if (viewer.twitchUserId) {
    return `u:${viewer.twitchUserId}`;
  }
  return viewer.opaqueId ? `o:${viewer.opaqueId}` : null;
}

export function maySubmit(settings: Pick<IdeaSettings, 'submitters'>, role: ViewerRole): boolean {
  return VIEWER_ROLE_RANK[role] >= VIEWER_ROLE_RANK[IDEA_SUBMITTER_MIN_ROLE[settings.submitters]];
}

export function skipsApproval(
  settings: Pick<IdeaSettings, 'auto_approve_sources' | 'auto_approve_roles'>,
  source: IdeaSource,
  role: ViewerRole,
): boolean {
  return settings.auto_approve_sources.includes(source) || settings.auto_approve_roles.includes(role);
}

/** The broadcaster always; a moderator when the channel allows all of them, or lists them. */
export function mayModerate(
  settings: Pick<IdeaSettings, 'moderators' | 'moderator_twitch_user_ids'>,
  channelId: string,
  viewer: Pick<IdeaViewer, 'twitchUserId' | 'badges'>,
): boolean {
  if (viewer.badges.broadcaster || (viewer.twitchUserId !== null && viewer.twitchUserId === channelId)) {
    return true;
  }
  if (!viewer.badges.moderator) {
    return false;
  }
  switch (settings.moderators) {
    case 'all':
      return true;
    case 'listed':
      return viewer.twitchUserId !== null && settings.moderator_twitch_user_ids.includes(viewer.twitchUserId);
    case 'none':
      return false;
  }
}
