import { Router } from 'express';
import { presentAsset } from '../assets/asset.presenter';
import { bindRoute, type AuthenticateRequest } from '../http/route';
import type { RateLimiter } from '../rate-limit/rate-limiter';
import type { GenerationService } from './generation.service';
import { presentJob } from './job.presenter';
import { generationEndpoints } from '@aurastream/contract';
import { bindTwitchRoutes } from './twitch.routes';

export interface GenerationRouterDeps {
  authenticate: AuthenticateRequest;
  generation: GenerationService;
  /** Limits how fast one user may queue jobs (the monthly quota limits how many). */
  requestLimiter: RateLimiter;
}

export function createGenerationRouter(deps: GenerationRouterDeps): Router {
  const { authenticate, generation, requestLimiter } = deps;
  const router = Router();

  bindRoute(router, authenticate, generationEndpoints.generate, async ({ actor, body }) => {
    await requestLimiter.consume(actor.id);
    return presentJob(await generation.generate(actor, body));
  });

  bindRoute(router, authenticate, generationEndpoints.listJobs, async ({ actor, query }) => {
    const page = await generation.list(actor.id, query);
    return { jobs: page.items.map(presentJob), next_cursor: page.next_cursor };
  });

  bindRoute(router, authenticate, generationEndpoints.getJob, async ({ actor, params }) =>
    presentJob(await generation.get(actor.id, params.id)),
  );

  bindRoute(router, authenticate, generationEndpoints.getJobAssets, async ({ actor, params }) => ({
    assets: (await generation.assetsOf(actor.id, params.id)).map(presentAsset),
  }));

  bindRoute(router, authenticate, generationEndpoints.cancelJob, async ({ actor, params }) =>
    presentJob(await generation.cancel(actor.id, params.id)),
  );

  bindTwitchRoutes(router, deps);
  return router;
}
