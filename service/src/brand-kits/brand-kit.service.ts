import { setTimeout as delay } from 'node:timers/promises';
import { errorCodes, type SubscriptionTier, type UpdateBrandKitBody } from '@aurastream/contract';
import type { FileStorage } from '../storage';
import type { Logger } from '../shared/logger';
import type { UserId } from '../users/user.repository';
import type { UserDataOwner } from '../users/user-data-owner';
import { ConflictError, NotFoundError, TierLimitError } from '../shared/errors';
import type { BrandKitEntity, BrandKitRepository, NewBrandKit } from './brand-kit.repository';
import { changesForCoreUpdate } from './sections';
import { effectiveLogo } from './brand-kit.presenter';
import { brandKitPrefix, userBrandKitsPrefix } from './storage-keys';
import { brandKitNotFound } from './errors';

/** A brand kit with the bytes of the logo generated assets carry (default type, else primary). */
export interface BrandKitForGeneration extends BrandKitEntity {
  logo: Buffer | null;
}

/** Who creates a kit: their tier decides how many kits they may keep. */
export interface KitOwner {
  id: UserId;
  tier: SubscriptionTier;
}

// concurrent activations of one user's kits retry until each has had its turn; 40 jittered
// attempts cover far more simultaneous clicks than a person can make
const MAX_ACTIVATION_ATTEMPTS = 40;

function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

/**
 * The rules of brand kits: per-tier limits, exactly one active kit per user, kit deletion with its
 * files. Other features read kits through `getForGeneration`.
 */
export class BrandKitService implements UserDataOwner {
  readonly name = 'brand-kits';

  constructor(
    private readonly kits: BrandKitRepository,
    private readonly storage: FileStorage,
    private readonly limits: Record<SubscriptionTier, number>,
    private readonly logger: Logger,
  ) {}

  /** The URL a stored file loads from. */
  readonly fileUrl = (key: string): string => this.storage.url(key);

  async list(userId: UserId): Promise<BrandKitEntity[]> {
    return this.kits.listForUser(userId);
  }

  /**
   * Creates a kit within the owner's tier limit. The limit is checked again after the insert, so
   * simultaneous creations can never pass it together. A user's kit becomes active when
   * none is.
   */
  async create(owner: KitOwner, input: NewBrandKit): Promise<BrandKitEntity> {
    const limit = this.limits[owner.tier];
    const limitError = () =>
      new TierLimitError(
        `Your ${owner.tier} plan includes ${limit} brand kit${limit === 1 ? '' : 's'}; upgrade to create more`,
        errorCodes.brandKitLimitReached,
        { limit, tier: owner.tier },
      );
    if ((await this.kits.countForUser(owner.id)) >= limit) {
      throw limitError();
    }
    const kit = await this.kits.create(owner.id, input);
    // of kits created at the same time, the earliest ones keep the free places
    if ((await this.kits.countCreatedBefore(owner.id, kit)) >= limit) {
      await this.kits.delete(owner.id, kit.id);
      throw limitError();
    }
    if (await this.kits.findActive(owner.id)) {
      return kit;
    }
    try {
      return (await this.kits.markActive(owner.id, kit.id)) ?? kit;
    } catch (error) {
      // another kit became active meanwhile: this one stays inactive
      if (isDuplicateKeyError(error)) {
        return kit;
      }
      throw error;
    }
  }

  async get(userId: UserId, id: string): Promise<BrandKitEntity> {
    const kit = await this.kits.findById(userId, id);
    if (!kit) {
      throw brandKitNotFound();
    }
    return kit;
  }

  async getActive(userId: UserId): Promise<BrandKitEntity> {
    const kit = await this.kits.findActive(userId);
    if (!kit) {
      throw new NotFoundError('An active brand kit', 'no_active_brand_kit');
    }
    return kit;
  }

  /** Changes only the fields given; sections already stored follow the core columns they cover. */
  async update(userId: UserId, id: string, update: UpdateBrandKitBody): Promise<BrandKitEntity> {
    const kit = await this.get(userId, id);
    const updated = await this.kits.update(userId, id, changesForCoreUpdate(kit, update));
    if (!updated) {
      throw brandKitNotFound();
    }
    return updated;
  }

  /** Deletes the kit, then its files. Deleting the active kit leaves the user with none active. */
  async delete(userId: UserId, id: string): Promise<void> {
    const deleted = await this.kits.delete(userId, id);
    if (!deleted) {
      throw brandKitNotFound();
    }
    await this.storage.deletePrefix(brandKitPrefix(userId, id));
  }

  /**
   * Makes the kit the user's only active one: deactivates the others, then activates it. The
   * unique partial index refuses a second active kit, so when activations race the losers retry
   * (with jitter) and the last one to run wins.
   */
  async activate(userId: UserId, id: string): Promise<BrandKitEntity> {
    // checked first: an id that is not the user's must not deactivate their active kit
    await this.get(userId, id);
    for (let attempt = 1; ; attempt += 1) {
      await this.kits.deactivateAllExcept(userId, id);
      try {
        const activated = await this.kits.markActive(userId, id);
        if (!activated) {
          throw brandKitNotFound();
        }
        return activated;
      } catch (error) {
        if (!isDuplicateKeyError(error)) {
          throw error;
        }
        if (attempt >= MAX_ACTIVATION_ATTEMPTS) {
          this.logger.warn({ userId, brandKitId: id, attempts: attempt }, 'brand kit activation kept losing races');
          throw new ConflictError('activation_conflict', 'Another brand kit is being activated; try again');
        }
        await delay(Math.random() * Math.min(50, 2 * attempt));
      }
    }
  }

  /**
   * The kit a generation uses: the given one (404 `brand_kit_not_found` when it is not the user's)
   * or, with null, the user's active kit or null; with its logo's bytes.
   */
  async getForGeneration(userId: UserId, brandKitId: string | null): Promise<BrandKitForGeneration | null> {
    const kit = brandKitId ? await this.get(userId, brandKitId) : await this.kits.findActive(userId);
    if (!kit) {
      return null;
    }
    return { ...kit, logo: await this.readLogo(kit) };
  }

  async deleteAllForUser(userId: UserId): Promise<void> {
    const deleted = await this.kits.deleteAllForUser(userId);
    await this.storage.deletePrefix(userBrandKitsPrefix(userId));
    this.logger.info({ userId, brandKits: deleted }, 'deleted the brand kits of a user');
  }

  private async readLogo(kit: BrandKitEntity): Promise<Buffer | null> {
    const candidates = [effectiveLogo(kit), kit.logos.primary].filter((logo) => logo !== undefined && logo !== null);
    for (const logo of candidates) {
      const file = await this.storage.get(logo.storage_key);
      if (file) {
        return file.data;
      }
      this.logger.warn({ brandKitId: kit.id, key: logo.storage_key }, 'a logo file is missing from storage');
    }
    return null;
  }
}
