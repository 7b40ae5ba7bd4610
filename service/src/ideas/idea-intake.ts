/**
 * The seam between the ideas feature and the features that bring ideas in or act on their fate
 * (channel points today; the chat bot and the panel call the ideas API). They speak Twitch channel
 * ids; the intake finds the streamer.
 */
import { errorCodes } from '@aurastream/contract';
import { NotFoundError } from '../shared/errors';
import type { IdeaChannels } from './dependencies';
import type { Idea, IdeaRepository } from './idea.repository';
import type { IdeaOutcomeListener, IdeaOutcomes } from './idea-outcomes';
import type { IdeaService, IdeaSubmission } from './idea.service';

export type { IdeaViewer, ViewerBadges } from './idea-rules';
export type { IdeaSubmission } from './idea.service';
export type { IdeaOutcomeListener, IdeaOutcome } from './idea-outcomes';
export type { Idea } from './idea.repository';

export interface IdeaIntake {
  /** Submits on behalf of the channel whose Twitch id is given; throws typed 4xx errors with reasons. */
  submitForChannel(twitchChannelId: string, submission: IdeaSubmission): Promise<Idea>;
  /** Several at once, in order, stored together: each answers its idea or its refusal; throws when nothing was decided. */
  submitManyForChannel(
    twitchChannelId: string,
    submissions: readonly IdeaSubmission[],
  ): Promise<Array<{ idea: Idea } | { error: unknown }>>;
  /** Hears every idea's outcome (in the worker, through a retried job); returns the unregistering function. */
  onOutcome(listener: IdeaOutcomeListener): () => void;
  /** Records the status channel points set on the idea's redemption at Twitch. */
  recordRedemptionStatus(
    twitchChannelId: string,
    ideaId: string,
    status: 'UNFULFILLED' | 'FULFILLED' | 'CANCELED',
  ): Promise<Idea>;
}

const channelNotConnected = () => new NotFoundError('The channel', errorCodes.channelNotConnected);

export function createIdeaIntake(deps: {
  channels: IdeaChannels;
  service: Pick<IdeaService, 'submit' | 'submitMany'>;
  outcomes: IdeaOutcomes;
  ideas: Pick<IdeaRepository, 'setRedemptionStatus'>;
}): IdeaIntake {
  const ownerOf = async (twitchChannelId: string) => {
    const owner = await deps.channels.ownerOfChannel(twitchChannelId);
    if (!owner) {
      throw channelNotConnected();
    }
    return owner;
  };
  return {
    async submitForChannel(twitchChannelId, submission) {
      return deps.service.submit(await ownerOf(twitchChannelId), submission);
    },
    async submitManyForChannel(twitchChannelId, submissions) {
      const owner = await deps.channels.ownerOfChannel(twitchChannelId);
      if (!owner) {
        return submissions.map(() => ({ error: channelNotConnected() }));
      }
      return deps.service.submitMany(owner, submissions);
    },
    onOutcome: (listener) => deps.outcomes.register(listener),
    async recordRedemptionStatus(twitchChannelId, ideaId, status) {
      const idea = await deps.ideas.setRedemptionStatus(await ownerOf(twitchChannelId), ideaId, status);
      if (!idea) {
        throw new NotFoundError('The idea', errorCodes.ideaNotFound);
      }
      return idea;
    },
  };
}
