import type { AuditLogRepository } from '../audit/audit-log.repository';
import type { Feature } from '../feature';
import type { RoleChangeService } from '../users/role-change.service';
import type { UserRepository } from '../users/user.repository';
import { createAdminApi } from './admin.api';
import { AdminService } from './admin.service';
import { createAdminRouter } from './routes';

export interface AdminFeatureDependencies {
  users: UserRepository;
  /** Role changes: conditional and audited, whoever makes them. */
  roles: RoleChangeService;
  /** The audit log, read back for an account's role history. */
  auditRecords: AuditLogRepository;
}

/** Account administration: tiers (billing is out of scope) and roles. */
export function createAdminFeature(deps: AdminFeatureDependencies) {
  const api = createAdminApi(new AdminService(deps.users, deps.roles), deps.auditRecords);
  const feature: Feature = { name: 'admin', routes: (callers) => createAdminRouter({ callers, api }) };
  return { feature, api };
}
