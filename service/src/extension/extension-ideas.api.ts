import {
  errorCodes,
  type ExtensionConfigResponse,
  type ExtensionIdeasResponse,
  type IdeaStatus,
  type LiveEvent,
  type MyExtensionIdeasResponse,
  type PanelIdea,
  type SubmitIdeaBody,
  type UpdateExtensionConfigBody,
} from '@aurastream/contract';
import type { ExtensionViewer } from '../auth/principal';
import type { CachedAnswer } from '../db/read-cache';
import { ideaActorOfExtensionViewer, type IdeaDecision, type IdeasApi } from '../ideas/ideas.api';
import { consumeAll, type LimitCount, type RateLimiter } from '../rate-limit/rate-limiter';
import { NotFoundError } from '../shared/errors';
import type { UserId } from '../users/user.repository';
import type { ChannelIdeasCache } from './channel-ideas-cache';
import type { ChannelDirectory, PanelChannelEvents } from './panel-channel-events';
import type { PanelSettingsRepository } from './panel-settings.repository';

/** The live events of one channel, as this process hears them (`LiveEventSubscriber.subscribe`). */
export interface ChannelLiveEvents {
  subscribe(owner: string, listener: (event: LiveEvent) => void): Promise<() => Promise<void>>;
}

/** The display name of a Twitch user (a viewer who shared their identity); null when unknown. */
export interface ViewerNames {
  displayNameOf(twitchUserId: string): Promise<string | null>;
}

export const noViewerNames: ViewerNames = { displayNameOf: async () => null };

/** What the panel shows and does with a channel's ideas, for the viewer of an extension JWT. */
export interface ExtensionIdeasApi {
  /**
   * The channel's ideas, rules and views: the same for every viewer, so served from the cache. The
   * route counts `requestLimits` with its per-IP count, in one call.
   */
  ideas(principal: ExtensionViewer): Promise<CachedAnswer>;
  /**
   * What each of a viewer's requests counts against: per viewer and per channel. `ideas` leaves
   * them to its route (counted with the per-IP count, in one call) and `vote` counts the ones its
   * route hands it; the others count them.
   */
  requestLimits(principal: ExtensionViewer): LimitCount[];
  myIdeas(principal: ExtensionViewer): Promise<MyExtensionIdeasResponse>;
  suggest(principal: ExtensionViewer, body: SubmitIdeaBody): Promise<PanelIdea>;
  /**
   * A viewer's vote, once `limits` (the route's: `requestLimits` and its per-IP count) passed,
   * counted in the vote's own Redis call; a refused vote changes nothing.
   */
  vote(
    principal: ExtensionViewer,
    ideaId: string,
    limits: readonly LimitCount[],
  ): Promise<{ idea_id: string; number: number; votes: number }>;
  moderate(principal: ExtensionViewer, ideaId: string, decision: IdeaDecision): Promise<PanelIdea>;
  config(principal: ExtensionViewer): Promise<ExtensionConfigResponse>;
  updateConfig(principal: ExtensionViewer, body: UpdateExtensionConfigBody): Promise<ExtensionConfigResponse>;
  /** Hears the channel's live events until the returned function is called. */
  listen(principal: ExtensionViewer, listener: (event: LiveEvent) => void): Promise<() => Promise<void>>;
}

export interface ExtensionIdeasApiDependencies {
  ideas: IdeasApi;
  panelSettings: PanelSettingsRepository;
  directory: ChannelDirectory;
  cache: ChannelIdeasCache;
  events: PanelChannelEvents;
  live: ChannelLiveEvents;
  names: ViewerNames;
  /** Per viewer (opaque id) and per channel. */
  limits: { perViewer: RateLimiter; perChannel: RateLimiter };
  /** Live events reach the panels through Extension PubSub (else the panel reads the SSE fallback). */
  pubsubEnabled: boolean;
}

const RECENT_STATUSES: ReadonlyArray<{ status: IdeaStatus; limit: number }> = [
  { status: 'generating', limit: 10 },
  { status: 'approved', limit: 10 },
  { status: 'ready', limit: 10 },
  { status: 'failed', limit: 5 },
];
const PENDING_SHOWN = 50;
const RECENT_SHOWN = 20;
const OWN_IDEAS_SHOWN = 10;

export function createExtensionIdeasApi(deps: ExtensionIdeasApiDependencies): ExtensionIdeasApi {
  const { ideas } = deps;

  const limitsOf = (principal: ExtensionViewer): LimitCount[] => [
    { limiter: deps.limits.perViewer, subject: principal.opaqueUserId },
    { limiter: deps.limits.perChannel, subject: principal.channelId },
  ];
  // both counts in one call
  const admit = (principal: ExtensionViewer) => consumeAll(limitsOf(principal));

  const ownerOf = async (channelId: string): Promise<UserId> => {
    const owner = await deps.directory.ownerOfChannel(channelId);
    if (!owner) {
      throw new NotFoundError('An AuraStream streamer for this Twitch channel', errorCodes.channelNotConnected);
    }
    deps.events.remember(owner, channelId);
    return owner;
  };

  const actorOf = async (principal: ExtensionViewer) =>
    ideaActorOfExtensionViewer(
      principal,
      principal.userId ? await deps.names.displayNameOf(principal.userId).catch(() => null) : null,
    );

  const build = async (channelId: string): Promise<ExtensionIdeasResponse> => {
    const owner = await ownerOf(channelId);
    const [pending, recent, settings, views] = await Promise.all([
      ideas.listForChannel(channelId, { status: 'pending', order: 'queue', limit: PENDING_SHOWN }),
      Promise.all(
        RECENT_STATUSES.map(({ status, limit }) => ideas.listForChannel(channelId, { status, order: 'newest', limit })),
      ),
      ideas.settingsOfChannel(channelId),
      deps.panelSettings.viewsOf(owner),
    ]);
    return {
      pending,
      recent: recent.flat().slice(0, RECENT_SHOWN),
      rules: {
        enabled: settings.enabled,
        submitters: settings.submitters,
        requires_identity: settings.panel_requires_identity,
        one_pending_per_viewer: settings.one_pending_per_viewer,
        cooldown_seconds: settings.cooldown_seconds,
      },
      views,
      live_transport: deps.pubsubEnabled ? 'pubsub' : 'sse',
      generated_at: new Date().toISOString(),
    };
  };

  const config = async (channelId: string): Promise<ExtensionConfigResponse> => {
    const owner = await ownerOf(channelId);
    const [settings, views] = await Promise.all([
      ideas.settingsOfChannel(channelId),
      deps.panelSettings.viewsOf(owner),
    ]);
    return {
      ideas: {
        enabled: settings.enabled,
        submitters: settings.submitters,
        panel_requires_identity: settings.panel_requires_identity,
        one_pending_per_viewer: settings.one_pending_per_viewer,
        cooldown_seconds: settings.cooldown_seconds,
        expiry_seconds: settings.expiry_seconds,
        moderators: settings.moderators,
        blocked_terms: settings.blocked_terms,
        use_default_blocked_terms: settings.use_default_blocked_terms,
      },
      panel: { views },
    };
  };

  return {
    ideas: (principal) => deps.cache.read(principal.channelId, () => build(principal.channelId)),
    requestLimits: limitsOf,
    async myIdeas(principal) {
      await admit(principal);
      return ideas.listOfViewer(await actorOf(principal), OWN_IDEAS_SHOWN);
    },
    // the live event of each change drops the cached list too; dropping it here as well means the
    // viewer's next read shows their own change, whichever process serves it
    async suggest(principal, body) {
      await admit(principal);
      const idea = await ideas.submitAsViewer(await actorOf(principal), 'panel', body);
      await deps.cache.invalidate(principal.channelId);
      return { ...idea, asset_ids: [] };
    },
    async vote(principal, ideaId, limits) {
      const count = await ideas.vote(await actorOf(principal), { id: ideaId }, limits);
      await deps.cache.invalidate(principal.channelId);
      return count;
    },
    async moderate(principal, ideaId, decision) {
      await admit(principal);
      const idea = await ideas.moderate(await actorOf(principal), { id: ideaId }, decision);
      await deps.cache.invalidate(principal.channelId);
      return { ...idea, asset_ids: [] };
    },
    async config(principal) {
      await admit(principal);
      return config(principal.channelId);
    },
    async updateConfig(principal, body) {
      await admit(principal);
      const owner = await ownerOf(principal.channelId);
      if (body.ideas) {
        await ideas.updateSettingsOfChannel(principal.channelId, body.ideas);
      }
      if (body.panel) {
        await deps.panelSettings.saveViews(owner, body.panel.views);
      }
      await deps.cache.invalidate(principal.channelId);
      return config(principal.channelId);
    },
    async listen(principal, listener) {
      await admit(principal);
      return deps.live.subscribe(await ownerOf(principal.channelId), listener);
    },
  };
}
