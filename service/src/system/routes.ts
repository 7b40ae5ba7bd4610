import { Router } from 'express';
import { systemEndpoints } from '@aurastream/contract';
import { bindRoute, type CallerVerifiers } from '../http/route';
import type { SystemApi } from './system.api';

export function createSystemRouter({ callers, api }: { callers: CallerVerifiers; api: SystemApi }): Router {
  const router = Router();
  bindRoute(router, callers, systemEndpoints.health, async () => api.health());
  bindRoute(router, callers, systemEndpoints.ready, async ({ res }) => {
    const readiness = await api.readiness();
    res.status(readiness.status === 'ready' ? 200 : 503);
    return readiness;
  });
  return router;
}
