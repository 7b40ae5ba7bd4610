import type { UpdateQuery } from 'mongoose';
import { toEntity } from '../db/model';
import type { UserId } from '../users/user.repository';
import type { BrandKitDocument, BrandKitFields, BrandKitModel, StoredLogo } from './brand-kit.model';
import type { LogoType } from '@aurastream/contract';

/** A brand kit as the services see it (dates as `Date`, logos with their storage keys). */
export interface BrandKitEntity extends Omit<BrandKitFields, 'user_id'> {
  id: string;
  user_id: UserId;
}

export type NewBrandKit = Pick<
  BrandKitFields,
  'name' | 'primary_colors' | 'accent_colors' | 'tone' | 'fonts' | 'style_reference'
>;

/** Fields a plain `$set` may change; activation and logos have their own methods. */
export type BrandKitChanges = Partial<
  Pick<
    BrandKitFields,
    | 'name'
    | 'primary_colors'
    | 'accent_colors'
    | 'tone'
    | 'fonts'
    | 'style_reference'
    | 'colors_extended'
    | 'typography'
    | 'voice'
    | 'guidelines'
  >
>;

function present(document: BrandKitDocument | null): BrandKitEntity | null {
  return document ? (toEntity(document) as BrandKitEntity) : null;
}

/**
 * The `brand_kits` collection. Every method takes the owner's id and puts it in its query, so one
 * user's request can never read or change another user's kit.
 */
export class BrandKitRepository {
  constructor(private readonly model: BrandKitModel) {}

  /** Waits until the collection's indexes (above all the one-active-kit index) exist. */
  async ensureIndexes(): Promise<void> {
    await this.model.createIndexes();
  }

  async create(userId: UserId, kit: NewBrandKit): Promise<BrandKitEntity> {
    const created = await this.model.create({ ...kit, user_id: userId, is_active: false });
    return present(created.toObject<BrandKitDocument>()) as BrandKitEntity;
  }

  async countForUser(userId: UserId): Promise<number> {
    return this.model.countDocuments({ user_id: userId });
  }

  /** How many of the user's kits were created before `kit` (the id orders kits created together). */
  async countCreatedBefore(userId: UserId, kit: Pick<BrandKitEntity, 'id' | 'created_at'>): Promise<number> {
    return this.model.countDocuments({
      user_id: userId,
      $or: [{ created_at: { $lt: kit.created_at } }, { created_at: kit.created_at, _id: { $lt: kit.id } }],
    });
  }

  /** Newest first; the id breaks ties between kits created in the same millisecond. */
  async listForUser(userId: UserId): Promise<BrandKitEntity[]> {
    const documents = await this.model
      .find({ user_id: userId })
      .sort({ created_at: -1, _id: -1 })
      .lean<BrandKitDocument[]>();
    return documents.map((document) => present(document) as BrandKitEntity);
  }

  async findById(userId: UserId, id: string): Promise<BrandKitEntity | null> {
    return present(await this.model.findOne({ _id: id, user_id: userId }).lean<BrandKitDocument>());
  }

  /** The storage key of every logo of some of the user's kits (missing kits have none). */
  async logoKeysOfKits(userId: UserId, ids: string[]): Promise<string[]> {
    const documents = await this.model
      .find({ user_id: userId, _id: { $in: ids } }, { logos: 1 })
      .lean<Array<Pick<BrandKitDocument, 'logos'>>>();
    return documents.flatMap((document) =>
      Object.values(document.logos ?? {}).flatMap((logo) => (logo ? [logo.storage_key] : [])),
    );
  }

  async findActive(userId: UserId): Promise<BrandKitEntity | null> {
    return present(await this.model.findOne({ user_id: userId, is_active: true }).lean<BrandKitDocument>());
  }

  async update(userId: UserId, id: string, changes: BrandKitChanges): Promise<BrandKitEntity | null> {
    return this.updateOne(userId, id, { $set: changes });
  }

  /** Deletes the kit and returns it as it was (its logos name the files to remove). */
  async delete(userId: UserId, id: string): Promise<BrandKitEntity | null> {
    return present(await this.model.findOneAndDelete({ _id: id, user_id: userId }).lean<BrandKitDocument>());
  }

  async deleteAllForUser(userId: UserId): Promise<number> {
    const result = await this.model.deleteMany({ user_id: userId });
    return result.deletedCount;
  }

  async deactivateAllExcept(userId: UserId, id: string): Promise<void> {
    await this.model.updateMany({ user_id: userId, is_active: true, _id: { $ne: id } }, { $set: { is_active: false } });
  }

  /**
   * Marks the kit active. Throws the database's duplicate-key error (11000) when another kit of the
   * user is active: the unique partial index allows one active kit per user.
   */
  async markActive(userId: UserId, id: string): Promise<BrandKitEntity | null> {
    return this.updateOne(userId, id, { $set: { is_active: true } });
  }

  /** The logo map after putting `logo` under `type`, and the logo it replaced. */
  async setLogo(
    userId: UserId,
    id: string,
    type: LogoType,
    logo: StoredLogo,
  ): Promise<{ kit: BrandKitEntity; replaced: StoredLogo | null } | null> {
    const before = present(
      await this.model
        .findOneAndUpdate(
          { _id: id, user_id: userId },
          { $set: { [`logos.${type}`]: logo } },
          { returnDocument: 'before' },
        )
        .lean<BrandKitDocument>(),
    );
    if (!before) {
      return null;
    }
    const kit: BrandKitEntity = { ...before, logos: { ...before.logos, [type]: logo } };
    return { kit, replaced: before.logos[type] ?? null };
  }

  /** Removes the logo of `type` and returns it, or null when the kit has none (or is not the user's). */
  async removeLogo(userId: UserId, id: string, type: LogoType): Promise<StoredLogo | null> {
    const before = await this.model
      .findOneAndUpdate(
        { _id: id, user_id: userId, [`logos.${type}`]: { $exists: true } },
        { $unset: { [`logos.${type}`]: '' } },
        { returnDocument: 'before' },
      )
      .lean<BrandKitDocument>();
    return before?.logos[type] ?? null;
  }

  async setDefaultLogoType(userId: UserId, id: string, type: LogoType): Promise<BrandKitEntity | null> {
    return this.updateOne(userId, id, { $set: { default_logo_type: type } });
  }

  /**
   * Stores `logo_url` (a copy of the URL of the logo generated assets carry) computed from `kit`,
   * only if the fields it derives from are still as in `kit`; a change that raced this one stores
   * its own copy afterwards.
   */
  async storeLogoUrl(userId: UserId, kit: BrandKitEntity, logoUrl: string | null): Promise<void> {
    const keyOf = (type: LogoType) => kit.logos[type]?.storage_key;
    const defaultKey = keyOf(kit.default_logo_type);
    const primaryKey = keyOf('primary');
    await this.model.updateOne(
      {
        _id: kit.id,
        user_id: userId,
        default_logo_type: kit.default_logo_type,
        [`logos.${kit.default_logo_type}.storage_key`]: defaultKey ?? { $exists: false },
        'logos.primary.storage_key': primaryKey ?? { $exists: false },
      },
      { $set: { logo_url: logoUrl } },
      { timestamps: false },
    );
  }

  private async updateOne(
    userId: UserId,
    id: string,
    update: UpdateQuery<BrandKitDocument>,
  ): Promise<BrandKitEntity | null> {
    return present(
      await this.model
        .findOneAndUpdate({ _id: id, user_id: userId }, update, { returnDocument: 'after', runValidators: true })
        .lean<BrandKitDocument>(),
    );
  }
}
