import type { AdminUserQuery, UserResponse } from '@aurastream/contract';
import type { AuditLogRepository, AuditRecord } from '../audit/audit-log.repository';
import { assertAdministrator, type Principal } from '../auth/principal';
import { presentUser } from '../users/user.presenter';
import type { UserId } from '../users/user.repository';
import type { AdminService, AdminUserChanges } from './admin.service';

/** What administrators do to accounts, over HTTP or with `npm run admin`. */
export interface AdminApi {
  listUsers(principal: Principal, query: AdminUserQuery): Promise<{ items: UserResponse[] }>;
  /** Role changes are audited with the principal as their author. */
  updateUser(principal: Principal, userId: string, changes: AdminUserChanges): Promise<UserResponse>;
  /** The CLI names users by their exact e-mail address. */
  findUserByEmail(principal: Principal, email: string): Promise<UserResponse>;
  updateUserByEmail(principal: Principal, email: string, changes: AdminUserChanges): Promise<UserResponse>;
  /** Every role change of the account(s) that had this address, oldest first (`npm run admin -- audit`). */
  listRoleChanges(principal: Principal, email: string): Promise<AuditRecord[]>;
}

export function createAdminApi(admin: AdminService, auditRecords: AuditLogRepository): AdminApi {
  return {
    async listUsers(principal, query) {
      assertAdministrator(principal);
      return { items: (await admin.findUsers(query.email ?? '', query.limit)).map((user) => presentUser(user)) };
    },
    async updateUser(principal, userId, changes) {
      assertAdministrator(principal);
      return presentUser(await admin.updateUser(principal, userId as UserId, changes));
    },
    async findUserByEmail(principal, email) {
      assertAdministrator(principal);
      return presentUser(await admin.findUserByEmail(email));
    },
    async updateUserByEmail(principal, email, changes) {
      assertAdministrator(principal);
      return presentUser(await admin.updateUserByEmail(principal, email, changes));
    },
    async listRoleChanges(principal, email) {
      assertAdministrator(principal);
      return auditRecords.listForSubjectEmailForAdmin(email);
    },
  };
}
