import type { Feature } from '../feature';
import type { UserRepository } from '../users/user.repository';
import { createAdminApi } from './admin.api';
import { AdminService } from './admin.service';
import { createAdminRouter } from './routes';

export interface AdminFeatureDependencies {
  users: UserRepository;
}

/** Account administration: tiers (billing is out of scope) and roles. */
export function createAdminFeature(deps: AdminFeatureDependencies) {
  const api = createAdminApi(new AdminService(deps.users));
  const feature: Feature = { name: 'admin', routes: (callers) => createAdminRouter({ callers, api }) };
  return { feature, api };
}
