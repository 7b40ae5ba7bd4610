import { Router } from 'express';
import { serviceCredentialEndpoints as endpoints } from '@aurastream/contract';
import { bindRoute, type CallerVerifiers } from '../http/route';
import type { ServiceCredentialsApi } from './service-credentials.api';

export function createServiceCredentialRouter(deps: { callers: CallerVerifiers; api: ServiceCredentialsApi }): Router {
  const { callers, api } = deps;
  const router = Router();
  bindRoute(router, callers, endpoints.list, ({ principal }) => api.list(principal));
  bindRoute(router, callers, endpoints.create, ({ principal, body }) => api.create(principal, body));
  bindRoute(router, callers, endpoints.revoke, ({ principal, params }) => api.revoke(principal, params.id));
  bindRoute(router, callers, endpoints.self, async ({ principal }) => api.self(principal));
  return router;
}
