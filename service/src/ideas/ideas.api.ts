import {
  errorCodes,
  type ApproveIdeaBody,
  type EndpointQuery,
  type IdeaOrder,
  type IdeaResponse,
  type IdeaSettingsResponse,
  type IdeaStatus,
  type ideaEndpoints,
  type LiveIdea,
  type RejectIdeaBody,
  type SubmitIdeaBody,
  type UpdateIdeaSettingsBody,
  type WireResponse,
} from '@aurastream/contract';
import type { Actor, ExtensionViewer, ServiceCaller } from '../auth/principal';
import { consumeAll, type LimitCount } from '../rate-limit/rate-limiter';
import { ForbiddenError, NotFoundError } from '../shared/errors';
import type { UserId } from '../users/user.repository';
import type { IdeaChannels } from './dependencies';
import type { DecidedBy, IdeaModeration } from './idea-moderation';
import { presentIdea, presentIdeaSettings, presentLiveIdea } from './idea.presenter';
import { mayModerate, NO_BADGES, viewerKeyOf, type IdeaViewer } from './idea-rules';
import type { IdeaSettingsService } from './idea-settings.service';
import type { IdeaRef, IdeaService } from './idea.service';
import type { Idea } from './idea.repository';

type Endpoints = typeof ideaEndpoints;

/** Someone acting on a channel's ideas from the panel or chat: the channel, and who they are there. */
export interface IdeaActor {
  /** The broadcaster's Twitch user id. */
  channelId: string;
  viewer: IdeaViewer;
}

/** A moderator's decision from the panel or chat. */
export type IdeaDecision = { action: 'approve'; prompt?: string } | { action: 'reject'; reason?: string };

/** The panel's viewer: who the extension JWT says they are (its role; no chat badges). */
export function ideaActorOfExtensionViewer(principal: ExtensionViewer, displayName: string | null = null): IdeaActor {
  return {
    channelId: principal.channelId,
    viewer: {
      twitchUserId: principal.userId,
      displayName,
      opaqueId: principal.opaqueUserId,
      badges: {
        ...NO_BADGES,
        broadcaster: principal.role === 'broadcaster',
        moderator: principal.role === 'moderator',
      },
    },
  };
}

/** The chat bot acting for a chatter: only in channels its credential may act for (403 otherwise). */
export async function ideaActorOfServiceCaller(
  principal: ServiceCaller,
  channelId: string,
  viewer: IdeaViewer,
): Promise<IdeaActor> {
  if (!(await principal.canActFor({ twitchChannelId: channelId }))) {
    throw new ForbiddenError('This service credential does not act for this channel', 'service_channel_forbidden');
  }
  return { channelId, viewer };
}

/**
 * A channel's viewer ideas. The dashboard's methods take the signed-in streamer; the panel's and
 * the bot's take an `IdeaActor` (built from their principal by the helpers above), so their
 * endpoints are a line each.
 */
export interface IdeasApi {
  list(principal: Actor, query: EndpointQuery<Endpoints['list']>): Promise<WireResponse<Endpoints['list']>>;
  get(principal: Actor, ideaId: string): Promise<IdeaResponse>;
  approve(principal: Actor, ideaId: string, body: ApproveIdeaBody): Promise<IdeaResponse>;
  reject(principal: Actor, ideaId: string, body: RejectIdeaBody): Promise<IdeaResponse>;
  delete(principal: Actor, ideaId: string): Promise<void>;
  getSettings(principal: Actor): Promise<IdeaSettingsResponse>;
  updateSettings(principal: Actor, body: UpdateIdeaSettingsBody): Promise<IdeaSettingsResponse>;

  /** A viewer's suggestion from the panel or chat (channel points come through the intake). */
  submitAsViewer(actor: IdeaActor, source: 'panel' | 'chat', body: SubmitIdeaBody): Promise<LiveIdea>;
  /**
   * A viewer's vote (by id, or by number as in `!aura vote 12`); answers the idea's exact count.
   * `limits`: the request's rate limits, counted before anything else (by id, in the vote's own
   * Redis call); when one is reached the vote is refused (429) and nothing changes.
   */
  vote(
    actor: IdeaActor,
    idea: IdeaRef,
    limits?: readonly LimitCount[],
  ): Promise<{ idea_id: string; number: number; votes: number }>;
  /** Approve or reject from the panel or chat: the broadcaster, or a moderator the channel allows. */
  moderate(actor: IdeaActor, idea: IdeaRef, decision: IdeaDecision): Promise<LiveIdea>;
  /** What anyone may see of a channel's ideas (the panel's list, `!aura top`), with exact vote counts. */
  listForChannel(
    channelId: string,
    query: { status?: IdeaStatus; order?: IdeaOrder; limit?: number },
  ): Promise<ChannelIdea[]>;
  /** A viewer's own ideas (newest first, with a rejection's reason) and which pending ideas they voted for. */
  listOfViewer(actor: IdeaActor, limit: number): Promise<{ ideas: ViewerIdea[]; voted_idea_ids: string[] }>;
  /** The channel's settings, for its broadcaster acting from the extension's configuration page. */
  settingsOfChannel(channelId: string): Promise<IdeaSettingsResponse>;
  updateSettingsOfChannel(channelId: string, body: UpdateIdeaSettingsBody): Promise<IdeaSettingsResponse>;
}

/** A channel's idea as anyone may see it: the live events' shape, with its assets once ready. */
export type ChannelIdea = LiveIdea & { asset_ids: string[] };
/** A viewer's own idea: also the moderator's reason when it was rejected. */
export type ViewerIdea = ChannelIdea & { reason: string | null };

function presentChannelIdea(idea: Idea): ChannelIdea {
  return { ...presentLiveIdea(idea), asset_ids: idea.asset_ids };
}

export function createIdeasApi(deps: {
  ideas: IdeaService;
  moderation: IdeaModeration;
  settings: IdeaSettingsService;
  channels: IdeaChannels;
  /** Told of changes that publish no live event (settings, deletions), so caches of the channel drop. */
  changed: (owner: UserId) => void;
}): IdeasApi {
  const { ideas, moderation, settings, channels, changed } = deps;

  const streamer = async (principal: Actor): Promise<DecidedBy> => ({
    kind: 'streamer',
    display_name: null,
    twitch_user_id: await channels.channelOf(principal.id),
  });

  const ownerOfChannel = async (channelId: string): Promise<UserId> => {
    const owner = await channels.ownerOfChannel(channelId);
    if (!owner) {
      throw new NotFoundError('The channel', errorCodes.channelNotConnected);
    }
    return owner;
  };

  // the streamer's view of an idea, with the prompt it suggests
  const present = (idea: Idea): IdeaResponse => presentIdea(ideas.withSuggestion(idea));

  const idOf = async (owner: UserId, ref: IdeaRef): Promise<string> =>
    'id' in ref ? ref.id : (await ideas.get(owner, ref)).id;

  return {
    async list(principal, query) {
      const page = await ideas.list(principal.id, query);
      return { ideas: page.items.map(present), next_cursor: page.next_cursor };
    },
    get: async (principal, ideaId) => present(await ideas.get(principal.id, { id: ideaId })),
    approve: async (principal, ideaId, body) =>
      present(await moderation.approve(principal.id, ideaId, await streamer(principal), body.prompt)),
    reject: async (principal, ideaId, body) =>
      present(await moderation.reject(principal.id, ideaId, await streamer(principal), body.reason ?? null)),
    async delete(principal, ideaId) {
      await ideas.delete(principal.id, ideaId, await streamer(principal));
      changed(principal.id);
    },
    getSettings: async (principal) => presentIdeaSettings(await settings.get(principal.id)),
    async updateSettings(principal, body) {
      const updated = await settings.update(principal.id, body);
      changed(principal.id);
      return presentIdeaSettings(updated);
    },

    async submitAsViewer(actor, source, body) {
      const owner = await ownerOfChannel(actor.channelId);
      const idea = await ideas.submit(owner, {
        source,
        text: body.text,
        assetType: body.asset_type,
        viewer: actor.viewer,
      });
      return presentLiveIdea(idea);
    },
    async vote(actor, ref, limits = []) {
      const owner = await channels.ownerOfChannel(actor.channelId);
      const voterKey = viewerKeyOf(actor.viewer);
      if (!owner || !voterKey) {
        // refused before the vote's own call: the limits still come first
        await consumeAll(limits);
      }
      if (!owner) {
        throw new NotFoundError('The channel', errorCodes.channelNotConnected);
      }
      if (!voterKey) {
        throw new ForbiddenError('Sign in to Twitch to vote', 'idea_vote_identity_required');
      }
      return ideas.vote(owner, ref, voterKey, limits);
    },
    async moderate(actor, ref, decision) {
      const owner = await ownerOfChannel(actor.channelId);
      if (!mayModerate(await settings.get(owner), actor.channelId, actor.viewer)) {
        throw new ForbiddenError(
          'Only the streamer and the moderators they allow may approve or reject ideas',
          errorCodes.ideaModerationForbidden,
        );
      }
      const decidedBy: DecidedBy = {
        kind:
          actor.viewer.badges.broadcaster || actor.viewer.twitchUserId === actor.channelId ? 'streamer' : 'moderator',
        display_name: actor.viewer.displayName,
        twitch_user_id: actor.viewer.twitchUserId,
      };
      const ideaId = await idOf(owner, ref);
      const decided =
        decision.action === 'approve'
          ? await moderation.approve(owner, ideaId, decidedBy, decision.prompt)
          : await moderation.reject(owner, ideaId, decidedBy, decision.reason ?? null);
      return presentLiveIdea(decided);
    },
    async listForChannel(channelId, query) {
      const owner = await ownerOfChannel(channelId);
      const page = await ideas.list(owner, {
        status: query.status,
        order: query.order ?? 'queue',
        limit: Math.min(100, Math.max(1, query.limit ?? 20)),
      });
      const exact = await ideas.withExactVotes(owner, page.items);
      if (query.order !== 'newest') {
        // the stored counts ordered the page; the exact ones may have moved an idea up
        exact.sort((a, b) => b.votes - a.votes || a.created_at.getTime() - b.created_at.getTime());
      }
      return exact.map(presentChannelIdea);
    },
    async listOfViewer(actor, limit) {
      const owner = await ownerOfChannel(actor.channelId);
      const voterKey = viewerKeyOf(actor.viewer);
      if (!voterKey) {
        return { ideas: [], voted_idea_ids: [] };
      }
      const own = await ideas.withExactVotes(owner, await ideas.listOfViewer(owner, voterKey, limit));
      const pending = await ideas.list(owner, { status: 'pending', order: 'queue', limit: 100 });
      return {
        ideas: own.map((idea) => ({ ...presentChannelIdea(idea), reason: idea.moderation?.reason ?? null })),
        voted_idea_ids: await ideas.votedBy(
          voterKey,
          pending.items.map((idea) => idea.id),
        ),
      };
    },
    settingsOfChannel: async (channelId) => presentIdeaSettings(await settings.get(await ownerOfChannel(channelId))),
    async updateSettingsOfChannel(channelId, body) {
      const owner = await ownerOfChannel(channelId);
      const updated = await settings.update(owner, body);
      changed(owner);
      return presentIdeaSettings(updated);
    },
  };
}
