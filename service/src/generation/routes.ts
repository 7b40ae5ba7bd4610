import { Router } from 'express';
import { presentAsset } from '../assets/asset.presenter';
import { bindRoute, type CallerVerifiers } from '../http/route';
import type { RateLimiter } from '../rate-limit/rate-limiter';
import type { GenerationService } from './generation.service';
import { presentJob } from './job.presenter';
import { generationEndpoints } from '@aurastream/contract';
import { bindTwitchRoutes } from './twitch.routes';

export interface GenerationRouterDeps {
  callers: CallerVerifiers;
  generation: GenerationService;
  /** Limits how fast one user may queue jobs (the monthly quota limits how many). */
  requestLimiter: RateLimiter;
}

export function createGenerationRouter(deps: GenerationRouterDeps): Router {
  const { callers, generation, requestLimiter } = deps;
  const router = Router();

  bindRoute(router, callers, generationEndpoints.generate, async ({ principal, body }) => {
    await requestLimiter.consume(principal.id);
    return presentJob(await generation.generate(principal, body));
  });

  bindRoute(router, callers, generationEndpoints.listJobs, async ({ principal, query }) => {
    const page = await generation.list(principal.id, query);
    return { jobs: page.items.map(presentJob), next_cursor: page.next_cursor };
  });

  bindRoute(router, callers, generationEndpoints.getJob, async ({ principal, params }) =>
    presentJob(await generation.get(principal.id, params.id)),
  );

  bindRoute(router, callers, generationEndpoints.getJobAssets, async ({ principal, params }) => ({
    assets: (await generation.assetsOf(principal.id, params.id)).map(presentAsset),
  }));

  bindRoute(router, callers, generationEndpoints.cancelJob, async ({ principal, params }) =>
    presentJob(await generation.cancel(principal.id, params.id)),
  );

  bindTwitchRoutes(router, deps);
  return router;
}
