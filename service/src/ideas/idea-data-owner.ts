import type { UserDataOwner } from '../users/user-data-owner';
import type { UserId } from '../users/user.repository';
import type { IdeaCounterRepository } from './idea-counter.repository';
import type { IdeaRepository } from './idea.repository';
import type { IdeaSettingsService } from './idea-settings.service';
import type { IdeaVoteRepository } from './idea-vote.repository';
import type { IdeaVoteCounter } from './idea-votes';

/** Removes a deleted account's ideas, votes, settings, counter and their Redis state. */
export class IdeaDataOwner implements UserDataOwner {
  readonly name = 'ideas';

  constructor(
    private readonly deps: {
      ideas: IdeaRepository;
      voteRows: IdeaVoteRepository;
      counters: IdeaCounterRepository;
      settings: IdeaSettingsService;
      votes: IdeaVoteCounter;
    },
  ) {}

  async deleteAllForUser(owner: UserId): Promise<void> {
    const ideaIds = await this.deps.ideas.idsForUser(owner);
    await this.deps.votes.forgetChannel(owner, ideaIds);
    await this.deps.voteRows.deleteAllForUser(owner);
    await this.deps.ideas.deleteAllForUser(owner);
    await this.deps.settings.deleteAllForUser(owner);
    await this.deps.counters.deleteAllForUser(owner);
  }
}
