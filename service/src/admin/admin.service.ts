import type { SubscriptionTier, UserRole } from '@aurastream/contract';
import { NotFoundError } from '../shared/errors';
import type { User, UserId, UserRepository } from '../users/user.repository';

export interface AdminUserChanges {
  subscription_tier?: SubscriptionTier;
  role?: UserRole;
}

/** What administrators may do to accounts: find them and set their tier and role. */
export class AdminService {
  constructor(private readonly users: UserRepository) {}

  findUsers(emailPrefix: string, limit: number): Promise<User[]> {
    return this.users.searchByEmailForAdmin(emailPrefix.trim(), limit);
  }

  async updateUser(id: UserId, changes: AdminUserChanges): Promise<User> {
    const user = await this.users.setTierAndRoleForAdmin(id, changes);
    if (!user) {
      throw new NotFoundError('The user');
    }
    return user;
  }

  /** For the CLI, which names users by their exact e-mail address. */
  async updateUserByEmail(email: string, changes: AdminUserChanges): Promise<User> {
    const user = await this.users.findByEmailForAuthentication(email);
    if (!user) {
      throw new NotFoundError(`The user ${email.trim().toLowerCase()}`);
    }
    return this.updateUser(user.id, changes);
  }

  async findUserByEmail(email: string): Promise<User> {
    const user = await this.users.findByEmailForAuthentication(email);
    if (!user) {
      throw new NotFoundError(`The user ${email.trim().toLowerCase()}`);
    }
    return user;
  }
}
