import type { SubscriptionTier, UserRole } from '@aurastream/contract';
import type { Administrator } from '../auth/principal';
import { ConflictError, NotFoundError } from '../shared/errors';
import type { RoleChangeCause, RoleChangeService } from '../users/role-change.service';
import type { User, UserId, UserRepository } from '../users/user.repository';

export interface AdminUserChanges {
  subscription_tier?: SubscriptionTier;
  role?: UserRole;
}

/** What administrators may do to accounts: find them and set their tier and role (audited). */
export class AdminService {
  constructor(
    private readonly users: UserRepository,
    private readonly roles: RoleChangeService,
  ) {}

  findUsers(emailPrefix: string, limit: number): Promise<User[]> {
    return this.users.searchByEmailForAdmin(emailPrefix.trim(), limit);
  }

  /** `by`: the administrator or the operator making the change, whom the audit log names. */
  async updateUser(by: Administrator, id: UserId, changes: AdminUserChanges): Promise<User> {
    let user = await this.users.findById(id);
    if (!user) {
      throw new NotFoundError('The user');
    }
    if (changes.role !== undefined) {
      user = await this.changeRole(by, user, changes.role);
    }
    if (changes.subscription_tier !== undefined) {
      user = (await this.users.setTierForAdmin(id, changes.subscription_tier)) ?? user;
    }
    return user;
  }

  /** For the CLI, which names users by their exact e-mail address. */
  async updateUserByEmail(by: Administrator, email: string, changes: AdminUserChanges): Promise<User> {
    return this.updateUser(by, (await this.findUserByEmail(email)).id, changes);
  }

  async findUserByEmail(email: string): Promise<User> {
    const user = await this.users.findByEmailForAuthentication(email);
    if (!user) {
      throw new NotFoundError(`The user ${email.trim().toLowerCase()}`);
    }
    return user;
  }

  private async changeRole(by: Administrator, user: User, role: UserRole): Promise<User> {
    const cause: RoleChangeCause =
      by.kind === 'user'
        ? { actorType: 'admin', actorId: by.id, reason: null }
        : { actorType: 'cli', actorId: by.account, reason: null };
    const changed = await this.roles.change(user, role, cause);
    if (changed) {
      return changed;
    }
    // changed by someone else in between: say so rather than overwrite what they did
    throw new ConflictError('role_changed', "The user's role changed meanwhile; look again and retry");
  }
}
