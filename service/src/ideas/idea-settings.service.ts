import type { UpdateIdeaSettingsBody } from '@aurastream/contract';
import type { UserId } from '../users/user.repository';
import { DEFAULT_IDEA_SETTINGS } from './idea-rules';
import type { IdeaSettings, IdeaSettingsRepository } from './idea-settings.repository';

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

/** A channel's ideas settings: the defaults until the streamer changes one. */
export class IdeaSettingsService {
  constructor(private readonly repository: IdeaSettingsRepository) {}

  async get(owner: UserId): Promise<IdeaSettings> {
    return (await this.repository.find(owner)) ?? { ...DEFAULT_IDEA_SETTINGS, updated_at: null };
  }

  /** Changes the fields sent; blocked terms are kept once each, in the order given. */
  async update(owner: UserId, change: UpdateIdeaSettingsBody): Promise<IdeaSettings> {
    const { updated_at: _updatedAt, ...current } = await this.get(owner);
    const next = { ...current };
    for (const [field, value] of Object.entries(change) as Array<[keyof typeof next, unknown]>) {
      if (value !== undefined) {
        Object.assign(next, { [field]: Array.isArray(value) ? unique(value) : value });
      }
    }
    if (change.blocked_terms) {
      const seen = new Set<string>();
      next.blocked_terms = change.blocked_terms.filter((term) => {
        const key = term.toLowerCase();
        return seen.has(key) ? false : (seen.add(key), true);
      });
    }
    return this.repository.save(owner, next);
  }

  async deleteAllForUser(owner: UserId): Promise<void> {
    await this.repository.deleteAllForUser(owner);
  }
}
