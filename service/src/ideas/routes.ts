import { Router } from 'express';
import { ideaEndpoints as endpoints } from '@aurastream/contract';
import { bindRoute, type CallerVerifiers } from '../http/route';
import type { IdeasApi } from './ideas.api';

export interface IdeaRouterDependencies {
  callers: CallerVerifiers;
  api: IdeasApi;
}

/** The dashboard's ideas endpoints; the panel's and the bot's come with their features. */
export function createIdeaRouter({ callers, api }: IdeaRouterDependencies): Router {
  const router = Router();

  bindRoute(router, callers, endpoints.list, ({ principal, query }) => api.list(principal, query));
  // before `/{id}`, which would otherwise take "settings" for an id
  bindRoute(router, callers, endpoints.getSettings, ({ principal }) => api.getSettings(principal));
  bindRoute(router, callers, endpoints.updateSettings, ({ principal, body }) => api.updateSettings(principal, body));
  bindRoute(router, callers, endpoints.get, ({ principal, params }) => api.get(principal, params.id));
  bindRoute(router, callers, endpoints.approve, ({ principal, params, body }) =>
    api.approve(principal, params.id, body),
  );
  bindRoute(router, callers, endpoints.reject, ({ principal, params, body }) => api.reject(principal, params.id, body));
  bindRoute(router, callers, endpoints.delete, ({ principal, params }) => api.delete(principal, params.id));

  return router;
}
