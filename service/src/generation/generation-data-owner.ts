import type { UserDataOwner } from '../users/user-data-owner';
import type { UserId } from '../users/user.repository';
import type { GenerationJobRepository } from './generation-job.repository';

/**
 * Removes a deleted account's generation jobs. Their files belong to the asset library's owner; a
 * worker still busy with one of the jobs finds it gone and keeps nothing.
 */
export class GenerationDataOwner implements UserDataOwner {
  readonly name = 'generation_jobs';

  constructor(private readonly jobs: GenerationJobRepository) {}

  async deleteAllForUser(userId: UserId): Promise<void> {
    await this.jobs.deleteAllForUser(userId);
  }
}
