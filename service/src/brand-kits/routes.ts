import { Router, type Request } from 'express';
import { brandKitEndpoints as endpoints, logoTypeSchema, type LogoType } from '@aurastream/contract';
import { bindHotRoute, hotRoute, type HotRoute } from '../http/hot-route';
import { bindRoute, type CallerVerifiers } from '../http/route';
import { zodIssuesToFieldIssues } from '../http/validation';
import { ValidationError } from '../shared/errors';
import { readMultipartForm, type UploadedFile } from '../uploads/multipart';
import type { BrandKitsApi } from './brand-kits.api';

export interface BrandKitRouterDependencies {
  callers: CallerVerifiers;
  api: BrandKitsApi;
  hotRoutes: HotRoute[];
  uploadMaxBytes: number;
}

/** The list is read on every dashboard page: from the shared cache, revalidated by the browser each time. */
export function brandKitHotRoutes(api: BrandKitsApi): HotRoute[] {
  return [
    hotRoute({
      endpoint: endpoints.list,
      cacheControl: 'private, no-cache',
      answer: ({ principal }) => api.listAnswer(principal),
    }),
  ];
}

/** Reads the logo upload form: `file` and `logo_type` (422 per field when either is missing or wrong). */
async function readLogoUpload(req: Request, maxBytes: number): Promise<{ type: LogoType; file: UploadedFile }> {
  const form = await readMultipartForm(req, { fileField: 'file', maxFileBytes: maxBytes });
  const type = logoTypeSchema.safeParse(form.fields.logo_type);
  const issues = type.success
    ? []
    : zodIssuesToFieldIssues(type.error).map((issue) => ({ ...issue, field: 'logo_type' }));
  if (!form.file || form.file.data.length === 0) {
    issues.push({ field: 'file', message: 'attach the logo image as "file"', code: 'required' });
  }
  if (!type.success || !form.file || issues.length > 0) {
    throw new ValidationError('The upload is invalid', issues);
  }
  return { type: type.data, file: form.file };
}

export function createBrandKitRouter({ callers, api, hotRoutes, uploadMaxBytes }: BrandKitRouterDependencies): Router {
  const router = Router();
  for (const route of hotRoutes) {
    bindHotRoute(router, callers, route);
  }
  bindRoute(router, callers, endpoints.create, ({ principal, body }) => api.create(principal, body));
  // before `/{id}`, which would otherwise take "active" for an id
  bindRoute(router, callers, endpoints.getActive, ({ principal }) => api.getActive(principal));
  bindRoute(router, callers, endpoints.get, ({ principal, params }) => api.get(principal, params.id));
  bindRoute(router, callers, endpoints.update, ({ principal, params, body }) => api.update(principal, params.id, body));
  bindRoute(router, callers, endpoints.delete, ({ principal, params }) => api.delete(principal, params.id));
  bindRoute(router, callers, endpoints.activate, ({ principal, params }) => api.activate(principal, params.id));

  bindRoute(router, callers, endpoints.getColors, ({ principal, params }) =>
    api.getSection(principal, params.id, 'colors'),
  );
  bindRoute(router, callers, endpoints.updateColors, ({ principal, params, body }) =>
    api.replaceSection(principal, params.id, 'colors', body),
  );
  bindRoute(router, callers, endpoints.getTypography, ({ principal, params }) =>
    api.getSection(principal, params.id, 'typography'),
  );
  bindRoute(router, callers, endpoints.updateTypography, ({ principal, params, body }) =>
    api.replaceSection(principal, params.id, 'typography', body),
  );
  bindRoute(router, callers, endpoints.getVoice, ({ principal, params }) =>
    api.getSection(principal, params.id, 'voice'),
  );
  bindRoute(router, callers, endpoints.updateVoice, ({ principal, params, body }) =>
    api.replaceSection(principal, params.id, 'voice', body),
  );
  bindRoute(router, callers, endpoints.getGuidelines, ({ principal, params }) =>
    api.getSection(principal, params.id, 'guidelines'),
  );
  bindRoute(router, callers, endpoints.updateGuidelines, ({ principal, params, body }) =>
    api.replaceSection(principal, params.id, 'guidelines', body),
  );

  bindRoute(router, callers, endpoints.listLogos, ({ principal, params }) => api.listLogos(principal, params.id));
  bindRoute(router, callers, endpoints.uploadLogo, async ({ principal, params, req }) => {
    // a kit that is not the user's is refused before the body is read
    await api.admitLogoUpload(principal, params.id);
    const { type, file } = await readLogoUpload(req, uploadMaxBytes);
    return api.uploadLogo(principal, params.id, type, file);
  });
  // before `/logos/{type}` so the literal path wins
  bindRoute(router, callers, endpoints.setDefaultLogo, ({ principal, params, body }) =>
    api.setDefaultLogo(principal, params.id, body.logo_type),
  );
  bindRoute(router, callers, endpoints.getLogo, ({ principal, params }) =>
    api.getLogo(principal, params.id, params.type),
  );
  bindRoute(router, callers, endpoints.deleteLogo, ({ principal, params }) =>
    api.deleteLogo(principal, params.id, params.type),
  );

  return router;
}
