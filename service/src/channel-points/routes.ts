import { Router } from 'express';
import { channelPointsEndpoints } from '@aurastream/contract';
import { bindRoute, type CallerVerifiers } from '../http/route';
import type { ChannelPointsApi } from './channel-points.api';

export function createChannelPointsRouter(deps: { callers: CallerVerifiers; api: ChannelPointsApi }): Router {
  const { callers, api } = deps;
  const router = Router();
  bindRoute(router, callers, channelPointsEndpoints.get, ({ principal }) => api.get(principal));
  bindRoute(router, callers, channelPointsEndpoints.update, ({ principal, body }) => api.update(principal, body));
  return router;
}
