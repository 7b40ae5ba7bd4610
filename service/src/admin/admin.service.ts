import type { SubscriptionTier, UserRole } from '../contract/common';
import { ConflictError, NotFoundError } from '../shared/errors';
import type { RoleChangeCause, RoleChangeService } from '../users/role-change.service';
import type { User, UserId, UserRepository } from '../users/user.repository';

export interface AdminUserChanges {
  subscription_tier?: SubscriptionTier;
  role?: UserRole;
}

/** Who is changing accounts: an administrator through the API, or `npm run admin`. */
export type AdminActor = { kind: 'admin'; userId: UserId } | { kind: 'cli'; operator: string };

/** What administrators may do to accounts: find them and set their tier and role (audited). */
export class AdminService {
  constructor(
    private readonly users: UserRepository,
    private readonly roles: RoleChangeService,
  ) {}

  findUsers(emailPrefix: string, limit: number): Promise<User[]> {
    return this.users.searchByEmailForAdmin(emailPrefix.trim(), limit);
  }

  async updateUser(actor: AdminActor, id: UserId, changes: AdminUserChanges): Promise<User> {
    let user = await this.users.findById(id);
    if (!user) {
      throw new NotFoundError('The user');
    }
    if (changes.role !== undefined) {
      user = await this.changeRole(actor, user, changes.role);
    }
    if (changes.subscription_tier !== undefined) {
      user = (await this.users.setTierForAdmin(id, changes.subscription_tier)) ?? user;
    }
    return user;
  }

  /** For the CLI, which names users by their exact e-mail address. */
  async updateUserByEmail(actor: AdminActor, email: string, changes: AdminUserChanges): Promise<User> {
    return this.updateUser(actor, (await this.findUserByEmail(email)).id, changes);
  }

  async findUserByEmail(email: string): Promise<User> {
    const user = await this.users.findByEmailForAuthentication(email);
    if (!user) {
      throw new NotFoundError(`The user ${email.trim().toLowerCase()}`);
    }
    return user;
  }

  private async changeRole(actor: AdminActor, user: User, role: UserRole): Promise<User> {
    const cause: RoleChangeCause =
      actor.kind === 'admin'
        ? { actorType: 'admin', actorId: actor.userId, reason: null }
        : { actorType: 'cli', actorId: actor.operator, reason: null };
    const changed = await this.roles.change(user, role, cause);
    if (changed) {
      return changed;
    }
    // changed by someone else in between: say so rather than overwrite what they did
    throw new ConflictError('role_changed', "The user's role changed meanwhile; look again and retry");
  }
}
