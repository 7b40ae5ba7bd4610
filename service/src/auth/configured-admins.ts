import type { RoleChangeService } from '../users/role-change.service';
import type { User, UserRepository } from '../users/user.repository';
import type { AdminEmails } from './admin-emails';

/**
 * Applies `ADMIN_EMAILS` to accounts, through the audited role change: to one account whenever
 * its address may have become (or stopped being) a verified listed one (sign-in, e-mail
 * verification, password reset, Twitch sign-in), and to every concerned account at start, so a
 * changed setting applies at once.
 */
export class ConfiguredAdmins {
  constructor(
    private readonly deps: {
      emails: AdminEmails;
      users: UserRepository;
      roles: RoleChangeService;
    },
  ) {}

  /** Gives or takes the role as ADMIN_EMAILS says; answers the account as it now is. */
  async apply(user: User): Promise<User> {
    let current = user;
    // another change may land in between (the change is conditional): look again, a few times
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const change = this.deps.emails.changeFor(current);
      if (!change) {
        return current;
      }
      const changed = await this.deps.roles.change(current, change.to, {
        actorType: 'admin_emails',
        actorId: null,
        reason: change.reason,
        adminEmailGrant: change.to === 'admin' ? current.email.toLowerCase() : null,
      });
      if (changed) {
        return changed;
      }
      const fresh = await this.deps.users.findById(current.id);
      if (!fresh) {
        return current;
      }
      current = fresh;
    }
    return current;
  }

  /** The accounts of the listed addresses and every administrator, checked once (at start). */
  async applyToAll(): Promise<void> {
    const [listed, admins] = await Promise.all([
      Promise.all(this.deps.emails.addresses.map((email) => this.deps.users.findByEmailForAuthentication(email))),
      this.deps.users.listAdminsForAdmin(),
    ]);
    const accounts = new Map<string, User>();
    for (const user of [...listed, ...admins]) {
      if (user) {
        accounts.set(user.id, user);
      }
    }
    // each change is audited (a record and a log line)
    for (const user of accounts.values()) {
      await this.apply(user);
    }
  }
}
