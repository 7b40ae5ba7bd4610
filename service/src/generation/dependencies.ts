import type { BrandStyle } from '../rendering/types';
import type { TwitchContextProvider } from '../twitch/channel-context';
import type { User, UserId } from '../users/user.repository';
import { NotFoundError } from '../shared/errors';

/**
 * What generation needs from other features, as narrow interfaces: the container passes the real
 * services (adapted where their shape differs), tests can pass their own.
 */

/** The brand kits a generation is styled with. */
export interface BrandKitLookup {
  /**
   * The kit a new job uses: with an id, the user's kit (throws 404 `brand_kit_not_found` when it is
   * not theirs); with null, the active kit, or null when there is none.
   */
  kitForGeneration(userId: UserId, brandKitId: string | null): Promise<{ id: string } | null>;
  /** The kit's style when the job runs; null when the kit was deleted since. */
  styleOf(userId: UserId, brandKitId: string): Promise<BrandStyle | null>;
}

/** The streamer's Twitch channel, when connected (null otherwise or when Twitch is unreachable). */
export type ChannelContextSource = Pick<TwitchContextProvider, 'getChannelContext'>;

/** The monthly asset counter on the user row. */
export interface UsageLedger {
  reserveMonthlyAssets(id: UserId, month: string, count: number, limit: number): Promise<User | null>;
  releaseMonthlyAssets(id: UserId, month: string, count: number): Promise<void>;
  findById(id: UserId): Promise<User | null>;
}

/** For an installation without brand kits: no kit is ever active, and a named kit does not exist. */
export const noBrandKits: BrandKitLookup = {
  async kitForGeneration(_userId, brandKitId) {
    if (brandKitId) {
      throw new NotFoundError('The brand kit', 'brand_kit_not_found');
    }
    return null;
  },
  async styleOf() {
    return null;
  },
};

/** For an installation without Twitch: no channel context. */
export const noChannelContext: ChannelContextSource = {
  async getChannelContext() {
    return null;
  },
};
