import { createHash } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { bindRoute, type CallerVerifiers } from '../http/route';
import type { AssetsApi } from './assets.api';
import { writeDesignArchive } from './design-archive';
import { assetEndpoints } from '@aurastream/contract';

/** Public assets may be cached by browsers and CDNs; a visibility change shows within this time. */
const PUBLIC_CACHE_CONTROL = 'public, max-age=300';

/** Whether the request's If-None-Match already holds `etag` (weak comparison, as RFC 9110 asks for GET). */
function matchesIfNoneMatch(req: Request, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (!header) {
    return false;
  }
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

/** Sets the caching headers; answers 304 and returns true when the client's copy is current. */
function answeredNotModified(req: Request, res: Response, etag: string): boolean {
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', PUBLIC_CACHE_CONTROL);
  if (matchesIfNoneMatch(req, etag)) {
    res.status(304).end();
    return true;
  }
  return false;
}

export interface AssetRouterDependencies {
  callers: CallerVerifiers;
  api: AssetsApi;
}

export function createAssetRouter({ callers, api }: AssetRouterDependencies): Router {
  const router = Router();

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

  bindRoute(router, callers, assetEndpoints.getPublic, async ({ params, req, res }) => {
    const body = await api.getPublic(params.id);
    const etag = `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 27)}"`;
    // after a 304 the response has been sent and bindRoute leaves it alone
    answeredNotModified(req, res, etag);
    return body;
  });

  bindRoute(router, callers, assetEndpoints.getPublicImage, async ({ params, req, res }) => {
    const image = await api.getPublicImage(params.id);
    // the file's hash: a new render under the same id gets a new ETag
    if (answeredNotModified(req, res, `"${image.asset.generation_params.sha256}"`)) {
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
