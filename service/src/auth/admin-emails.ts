import type { UserRole } from '@aurastream/contract';
import type { User } from '../users/user.repository';

/** Why ADMIN_EMAILS gives or takes the admin role. */
export type ConfiguredRoleReason =
  /** The account's verified address is listed. */
  | 'verified_listed_address'
  /** The address that gave the role is no longer listed. */
  | 'address_not_listed'
  /** The address is listed but nobody proved it is theirs: the role goes, whoever gave it. */
  | 'address_not_verified'
  /** The account's address is no longer the one that gave the role. */
  | 'address_changed';

export interface ConfiguredRoleChange {
  to: UserRole;
  reason: ConfiguredRoleReason;
}

/**
 * Administrators named by e-mail in `ADMIN_EMAILS`. The role follows a *verified* address only:
 * whoever signs up first with a listed address proves nothing until they follow the e-mailed link
 * (or a password reset link, or Twitch vouches for the address).
 */
export class AdminEmails {
  private readonly emails: ReadonlySet<string>;

  constructor(emails: readonly string[]) {
    this.emails = new Set(emails.map((email) => email.trim().toLowerCase()));
  }

  /** The addresses, lower-cased. */
  get addresses(): readonly string[] {
    return [...this.emails];
  }

  includes(email: string): boolean {
    return this.emails.has(email.trim().toLowerCase());
  }

  /**
   * What ADMIN_EMAILS changes about an account's role, if anything. It gives the role to a verified
   * listed address; it takes back only what it gave (`admin_email_grant`) once that no longer
   * holds, and any admin role of an account whose listed address is unverified. An administrator
   * appointed by another keeps the role.
   */
  changeFor(user: Pick<User, 'email' | 'email_verified' | 'role' | 'admin_email_grant'>): ConfiguredRoleChange | null {
    const listed = this.includes(user.email);
    if (user.role === 'user') {
      return listed && user.email_verified ? { to: 'admin', reason: 'verified_listed_address' } : null;
    }
    if (listed && !user.email_verified) {
      return { to: 'user', reason: 'address_not_verified' };
    }
    const grant = user.admin_email_grant ?? null;
    if (grant === null) {
      return null;
    }
    if (grant !== user.email.toLowerCase()) {
      return { to: 'user', reason: 'address_changed' };
    }
    return listed ? null : { to: 'user', reason: 'address_not_listed' };
  }
}
