import { Router } from 'express';
import { bindRoute, type CallerVerifiers } from '../http/route';
import { presentUser } from '../users/user.presenter';
import type { UserId } from '../users/user.repository';
import type { AdminService } from './admin.service';
import { adminEndpoints } from '@aurastream/contract';

/** Administrator endpoints; `bindRoute` refuses anyone whose role is not `admin` (403). */
export function createAdminRouter(deps: { callers: CallerVerifiers; admin: AdminService }): Router {
  const router = Router();

  bindRoute(router, deps.callers, adminEndpoints.listUsers, async ({ query }) => ({
    items: (await deps.admin.findUsers(query.email ?? '', query.limit)).map((user) => presentUser(user)),
  }));

  bindRoute(router, deps.callers, adminEndpoints.updateUser, async ({ params, body }) =>
    presentUser(await deps.admin.updateUser(params.id as UserId, body)),
  );

  return router;
}
