import { Router } from 'express';
import { answeredNotModified } from '../http/conditional';
import { bindHotRoute, hotRoute, type HotRoute } from '../http/hot-route';
import { bindRoute, type CallerVerifiers } from '../http/route';
import type { AssetsApi } from './assets.api';
import { writeDesignArchive } from './design-archive';
import { assetEndpoints } from '@aurastream/contract';

/** Public assets may be cached by browsers and CDNs; a visibility change shows within this time. */
const PUBLIC_MAX_AGE_SECONDS = 300;
const PUBLIC_CACHE_CONTROL = `public, max-age=${PUBLIC_MAX_AGE_SECONDS}`;

export interface AssetRouterDependencies {
  callers: CallerVerifiers;
  api: AssetsApi;
  hotRoutes: HotRoute[];
}

/** A shared asset link: answered from the shared cache as serialised JSON (or a 304). */
export function assetHotRoutes(api: AssetsApi): HotRoute[] {
  return [
    hotRoute({
      endpoint: assetEndpoints.getPublic,
      cacheControl: PUBLIC_CACHE_CONTROL,
      answer: ({ params }) => api.getPublicAnswer(params.id),
    }),
  ];
}

export function createAssetRouter({ callers, api, hotRoutes }: AssetRouterDependencies): Router {
  const router = Router();
  for (const route of hotRoutes) {
    bindHotRoute(router, callers, route);
  }

  bindRoute(router, callers, assetEndpoints.list, ({ principal, query }) => api.list(principal, query));
  // before `/assets/{id}`, which would otherwise take `summary` for an id
  bindRoute(router, callers, assetEndpoints.summary, ({ principal }) => api.summary(principal));
  bindRoute(router, callers, assetEndpoints.setDesignsVisibility, ({ principal, body }) =>
    api.setDesignsVisibility(principal, body),
  );
  bindRoute(router, callers, assetEndpoints.get, ({ principal, params }) => api.get(principal, params.id));
  bindRoute(router, callers, assetEndpoints.downloadDesign, async ({ principal, params, res }) => {
    const files = await api.designFiles(principal, params.id);
    const first = files[0]!.asset;
    const name = `aurastream-${first.generation_params.twitch_asset_type}-${first.job_id.slice(0, 8)}-v${first.generation_params.variation}`;
    res.setHeader('Content-Type', 'application/zip');
    res.setHeader('Content-Disposition', `attachment; filename="${name}.zip"`);
    res.setHeader('Cache-Control', 'private, no-store');
    await writeDesignArchive(res, files);
  });
  bindRoute(router, callers, assetEndpoints.delete, ({ principal, params, query }) =>
    api.delete(principal, params.id, query.permanent),
  );
  bindRoute(router, callers, assetEndpoints.restore, ({ principal, params }) => api.restore(principal, params.id));
  bindRoute(router, callers, assetEndpoints.setVisibility, ({ principal, params, body }) =>
    api.setVisibility(principal, params.id, body.is_public),
  );

  bindRoute(router, callers, assetEndpoints.getPublicImage, async ({ params, req, res }) => {
    const image = await api.getPublicImage(params.id);
    if ('url' in image) {
      // straight from the bucket; a visibility change still shows within PUBLIC_CACHE_CONTROL's time
      res.setHeader('Cache-Control', `public, max-age=${Math.min(PUBLIC_MAX_AGE_SECONDS, image.maxAgeSeconds)}`);
      res.redirect(302, image.url);
      return;
    }
    // the file's hash: a new render under the same id gets a new ETag
    if (answeredNotModified(req, res, `"${image.asset.generation_params.sha256}"`, PUBLIC_CACHE_CONTROL)) {
      return;
    }
    const extension = image.asset.format === 'png' ? 'png' : 'jpg';
    res.setHeader('Content-Type', image.contentType);
    res.setHeader('Content-Length', String(image.data.length));
    res.setHeader('Content-Disposition', `inline; filename="${image.asset.id}.${extension}"`);
    res.status(200).end(image.data);
  });

  return router;
}
