import { createHash } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { bindRoute, type CallerVerifiers } from '../http/route';
import type { AssetLibraryService } from './asset-library.service';
import { presentAsset, presentPublicAsset } from './asset.presenter';
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

export function createAssetRouter(deps: {
  callers: CallerVerifiers;
  library: AssetLibraryService;
  publicUrl: string;
}): Router {
  const { callers, library } = deps;
  const router = Router();

  bindRoute(router, callers, assetEndpoints.list, async ({ principal, query }) => {
    const page = await library.list(principal.id, query);
    return { assets: page.items.map(presentAsset), next_cursor: page.next_cursor };
  });

  bindRoute(router, callers, assetEndpoints.get, async ({ principal, params }) =>
    presentAsset(await library.get(principal.id, params.id)),
  );

  bindRoute(router, callers, assetEndpoints.delete, async ({ principal, params, query }) => {
    const deletion = await library.delete(principal.id, params.id, query.permanent);
    return {
      id: deletion.id,
      deleted_at: deletion.deleted_at.toISOString(),
      restorable_until: deletion.restorable_until?.toISOString() ?? null,
    };
  });

  bindRoute(router, callers, assetEndpoints.restore, async ({ principal, params }) =>
    presentAsset(await library.restore(principal.id, params.id)),
  );

  bindRoute(router, callers, assetEndpoints.setVisibility, async ({ principal, params, body }) =>
    presentAsset(await library.setVisibility(principal.id, params.id, body.is_public)),
  );

  bindRoute(router, callers, assetEndpoints.getPublic, async ({ params, req, res }) => {
    const asset = await library.getPublic(params.id);
    const body = presentPublicAsset(asset, `${deps.publicUrl}/api/v1/asset/${asset.id}/image`);
    const etag = `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 27)}"`;
    // after a 304 the response has been sent and bindRoute leaves it alone
    answeredNotModified(req, res, etag);
    return body;
  });

  bindRoute(router, callers, assetEndpoints.getPublicImage, async ({ params, req, res }) => {
    const image = await library.getPublicImage(params.id);
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
