import { Router } from 'express';
import { twitchConnectionEndpoints } from '@aurastream/contract';
import { bindRoute, type CallerVerifiers } from '../http/route';
import type { TwitchConnectionApi } from './twitch-connection.api';

export function createTwitchConnectionRouter(deps: { callers: CallerVerifiers; api: TwitchConnectionApi }): Router {
  const { callers, api } = deps;
  const router = Router();
  bindRoute(router, callers, twitchConnectionEndpoints.get, ({ principal }) => api.get(principal));
  bindRoute(router, callers, twitchConnectionEndpoints.disconnect, ({ principal }) => api.disconnect(principal));
  return router;
}
