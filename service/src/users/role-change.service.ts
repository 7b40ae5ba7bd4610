import type { AuditActorType } from '../audit/audit-record.model';
import type { AuditLog } from '../audit/audit-log';
import type { UserRole } from '@aurastream/contract';
import type { User, UserRepository } from './user.repository';

/** Who changes a role, and why (rules give a reason; people need none). */
export interface RoleChangeCause {
  actorType: AuditActorType;
  /** The administrator's user id, the operating-system account of the CLI, or null for a rule. */
  actorId: string | null;
  reason: string | null;
  /** For an admin role given by ADMIN_EMAILS: the address that earned it. */
  adminEmailGrant?: string | null;
}

/**
 * The one way an account's role changes: atomically (the role must still be what the caller saw)
 * and audited, whoever changes it: an administrator, `npm run admin` or the ADMIN_EMAILS rule.
 */
export class RoleChangeService {
  constructor(
    private readonly users: UserRepository,
    private readonly audit: AuditLog,
  ) {}

  /**
   * Gives `user` the role `to` and records it; answers the account as it now is. Null when the
   * role changed meanwhile (nothing was done). Setting the role it has changes nothing.
   */
  async change(user: User, to: UserRole, cause: RoleChangeCause): Promise<User | null> {
    if (user.role === to) {
      return user;
    }
    const changed = await this.users.changeRole(user.id, user.role, to, cause.adminEmailGrant ?? null);
    if (!changed) {
      return null;
    }
    await this.audit.record({
      action: 'user.role_changed',
      actor_type: cause.actorType,
      actor_id: cause.actorId,
      subject_user_id: user.id,
      subject_email: user.email,
      role_before: user.role,
      role_after: to,
      reason: cause.reason,
    });
    return changed;
  }
}
