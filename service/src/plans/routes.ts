import { Router } from 'express';
import { planEndpoints } from '@aurastream/contract';
import { bindRoute, type CallerVerifiers } from '../http/route';
import type { PlansApi } from './plans.api';

export function createPlansRouter({ callers, api }: { callers: CallerVerifiers; api: PlansApi }): Router {
  const router = Router();
  bindRoute(router, callers, planEndpoints.list, ({ principal }) => api.list(principal));
  return router;
}
