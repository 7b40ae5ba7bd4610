import { Router } from 'express';
import { generationEndpoints, twitchEndpoints } from '@aurastream/contract';
import { bindRoute, type CallerVerifiers } from '../http/route';
import type { GenerationApi } from './generation.api';
import { writePackArchive } from './pack-archive';

export interface GenerationRouterDependencies {
  callers: CallerVerifiers;
  api: GenerationApi;
}

/** Generation's routes, and the Twitch ones: typed generation, packs and their zip, the dimensions table. */
export function createGenerationRouter({ callers, api }: GenerationRouterDependencies): Router {
  const router = Router();

  bindRoute(router, callers, generationEndpoints.generate, ({ principal, body }) => api.generate(principal, body));
  bindRoute(router, callers, generationEndpoints.listJobs, ({ principal, query }) => api.listJobs(principal, query));
  bindRoute(router, callers, generationEndpoints.getJob, ({ principal, params }) => api.getJob(principal, params.id));
  bindRoute(router, callers, generationEndpoints.getJobAssets, ({ principal, params }) =>
    api.getJobAssets(principal, params.id),
  );
  bindRoute(router, callers, generationEndpoints.cancelJob, ({ principal, params }) =>
    api.cancelJob(principal, params.id),
  );

  bindRoute(router, callers, twitchEndpoints.generate, ({ principal, body }) => api.generate(principal, body));
  bindRoute(router, callers, twitchEndpoints.createPack, ({ principal, body }) => api.createPack(principal, body));
  bindRoute(router, callers, twitchEndpoints.getPack, ({ principal, params }) => api.getPack(principal, params.id));
  bindRoute(router, callers, twitchEndpoints.downloadPack, async ({ principal, params, res }) => {
    const { pack, files } = await api.packFiles(principal, params.id);
    res.setHeader('Content-Type', 'application/zip');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="aurastream-${pack.pack_type}-pack-${pack.job.id.slice(0, 8)}.zip"`,
    );
    res.setHeader('Cache-Control', 'private, no-store');
    await writePackArchive(res, pack.pack_type, files);
  });
  bindRoute(router, callers, twitchEndpoints.dimensions, async () => api.dimensions());

  return router;
}
