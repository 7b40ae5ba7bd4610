import { Router } from 'express';
import { adminEndpoints } from '@aurastream/contract';
import { bindRoute, type CallerVerifiers } from '../http/route';
import type { AdminApi } from './admin.api';

/** Administrator endpoints; `bindRoute` refuses anyone whose role is not `admin` (403). */
export function createAdminRouter({ callers, api }: { callers: CallerVerifiers; api: AdminApi }): Router {
  const router = Router();
  bindRoute(router, callers, adminEndpoints.listUsers, ({ principal, query }) => api.listUsers(principal, query));
  bindRoute(router, callers, adminEndpoints.updateUser, ({ principal, params, body }) =>
    api.updateUser(principal, params.id, body),
  );
  return router;
}
