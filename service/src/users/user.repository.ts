import type { UserModel, UserFields } from './user.model';
import { toEntity } from '../db/model';
import type { SubscriptionTier, UserRole } from '@aurastream/contract';
import type { UserChangeNotifier } from './user-changes';

export type UserId = string & { readonly __brand: 'UserId' };

/** A user as the services see it. */
export interface User extends Omit<UserFields, never> {
  id: UserId;
}

export interface NewUser {
  email: string;
  display_name: string;
  password_hash: string | null;
  email_verified?: boolean;
  avatar_url?: string | null;
  role?: UserRole;
}

function present(document: (UserFields & { _id: string }) | null): User | null {
  return document ? (toEntity(document) as User) : null;
}

/**
 * The `users` collection. A user row is its own owner: every method takes the user's id, except the
 * sign-in lookups by e-mail and the admin lookups, which say so in their names. Writes that change
 * what authentication sees (role, tier, sessions, existence) are announced to `changes`.
 */
export class UserRepository {
  constructor(
    private readonly model: UserModel,
    private readonly changes: UserChangeNotifier | null = null,
  ) {}

  async create(user: NewUser): Promise<User> {
    const created = await this.model.create({ ...user, email: user.email.toLowerCase() });
    return present(created.toObject()) as User;
  }

  async findById(id: UserId): Promise<User | null> {
    return present(await this.model.findById(id).lean());
  }

  /** For sign-in, sign-up and password reset only. */
  async findByEmailForAuthentication(email: string): Promise<User | null> {
    return present(await this.model.findOne({ email: email.trim().toLowerCase() }).lean());
  }

  /** Any field but the address and the role (roles change through `changeRole`, which is audited). */
  async update(
    id: UserId,
    changes: Partial<Omit<UserFields, 'created_at' | 'updated_at' | 'email' | 'role' | 'admin_email_grant'>>,
  ): Promise<User | null> {
    const updated = present(
      await this.model
        .findByIdAndUpdate(id, { $set: changes }, { returnDocument: 'after', runValidators: true })
        .lean(),
    );
    this.changes?.changed(id);
    return updated;
  }

  // the monthly counters below are not part of what authentication reads: no change to announce

  /**
   * Counts `count` generated assets against the user's month, resetting the counter when a new
   * month began, atomically; refuses (returns null) when the month's `limit` would be exceeded.
   */
  async reserveMonthlyAssets(id: UserId, month: string, count: number, limit: number): Promise<User | null> {
    const reserved = await this.reserveOnce(id, month, count, limit);
    // a concurrent reservation may have started the month between our two updates: count in it
    return reserved === 'month-started-meanwhile' ? this.reserveInStartedMonth(id, month, count, limit) : reserved;
  }

  private async reserveInStartedMonth(id: UserId, month: string, count: number, limit: number): Promise<User | null> {
    const sameMonth = await this.model
      .findOneAndUpdate(
        { _id: id, usage_month: month, assets_generated_this_month: { $lte: limit - count } },
        { $inc: { assets_generated_this_month: count } },
        { returnDocument: 'after' },
      )
      .lean();
    return sameMonth ? present(sameMonth) : null;
  }

  private async reserveOnce(
    id: UserId,
    month: string,
    count: number,
    limit: number,
  ): Promise<User | null | 'month-started-meanwhile'> {
    const sameMonth = await this.reserveInStartedMonth(id, month, count, limit);
    if (sameMonth) {
      return sameMonth;
    }
    if (count > limit) {
      return null;
    }
    const newMonth = await this.model
      .findOneAndUpdate(
        { _id: id, usage_month: { $ne: month } },
        { $set: { usage_month: month, assets_generated_this_month: count } },
        { returnDocument: 'after' },
      )
      .lean();
    if (newMonth) {
      return present(newMonth);
    }
    // no row of another month: either the account is gone, or another request just started this month
    return (await this.model.exists({ _id: id, usage_month: month })) ? 'month-started-meanwhile' : null;
  }

  /** Gives back reserved assets that were not produced (a failed or cancelled job). */
  async releaseMonthlyAssets(id: UserId, month: string, count: number): Promise<void> {
    await this.model.updateOne(
      { _id: id, usage_month: month, assets_generated_this_month: { $gte: count } },
      { $inc: { assets_generated_this_month: -count } },
    );
  }

  async delete(id: UserId): Promise<boolean> {
    const result = await this.model.deleteOne({ _id: id });
    this.changes?.changed(id);
    return result.deletedCount === 1;
  }

  /** Admin: find users by e-mail prefix. */
  async searchByEmailForAdmin(emailPrefix: string, limit: number): Promise<User[]> {
    const escaped = emailPrefix.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const documents = await this.model
      .find({ email: { $regex: `^${escaped}` } })
      .sort({ email: 1 })
      .limit(limit)
      .lean();
    return documents.map((document) => present(document) as User);
  }

  async setTierForAdmin(id: UserId, subscriptionTier: SubscriptionTier): Promise<User | null> {
    return this.update(id, { subscription_tier: subscriptionTier });
  }

  /**
   * Sets the role, only if it still is `from` (of two concurrent changes one wins, and only the
   * winner is audited); null when it was not. `adminEmailGrant`: the ADMIN_EMAILS address behind
   * a new admin role, null otherwise.
   */
  async changeRole(id: UserId, from: UserRole, to: UserRole, adminEmailGrant: string | null): Promise<User | null> {
    const updated = present(
      await this.model
        .findOneAndUpdate(
          { _id: id, role: from },
          { $set: { role: to, admin_email_grant: to === 'admin' ? adminEmailGrant : null } },
          { returnDocument: 'after', runValidators: true },
        )
        .lean(),
    );
    if (updated) {
      this.changes?.changed(id);
    }
    return updated;
  }

  /** Every administrator (a handful), for checking their roles against ADMIN_EMAILS. */
  async listAdminsForAdmin(): Promise<User[]> {
    const documents = await this.model.find({ role: 'admin' }).lean();
    return documents.map((document) => present(document) as User);
  }
}
