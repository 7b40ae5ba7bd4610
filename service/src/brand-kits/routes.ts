import { Router, type Request } from 'express';
import { bindRoute, type CallerVerifiers } from '../http/route';
import { zodIssuesToFieldIssues } from '../http/validation';
import type { RateLimiter } from '../rate-limit/rate-limiter';
import { ValidationError } from '../shared/errors';
import { readMultipartForm, type UploadedFile } from '../uploads/multipart';
import type { BrandKitLogoService } from './brand-kit-logo.service';
import type { BrandKitSectionService } from './brand-kit-sections.service';
import type { BrandKitService } from './brand-kit.service';
import { logoTypeSchema, type LogoType, brandKitEndpoints as endpoints } from '@aurastream/contract';
import { presentBrandKit, presentLogo, presentLogoList } from './presenter';

export interface BrandKitRouterDeps {
  callers: CallerVerifiers;
  brandKits: BrandKitService;
  sections: BrandKitSectionService;
  logos: BrandKitLogoService;
  uploadLimiter: RateLimiter;
  uploadMaxBytes: number;
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

export function createBrandKitRouter(deps: BrandKitRouterDeps): Router {
  const { callers, brandKits, sections, logos } = deps;
  const router = Router();
  const present = (kit: Parameters<typeof presentBrandKit>[0]) => presentBrandKit(kit, brandKits.fileUrl);

  bindRoute(router, callers, endpoints.list, async ({ principal }) => {
    const kits = await brandKits.list(principal.id);
    return { brand_kits: kits.map(present), total: kits.length };
  });
  bindRoute(router, callers, endpoints.create, async ({ principal, body }) =>
    present(await brandKits.create(principal, body)),
  );
  // before `/{id}`, which would otherwise take "active" for an id
  bindRoute(router, callers, endpoints.getActive, async ({ principal }) =>
    present(await brandKits.getActive(principal.id)),
  );
  bindRoute(router, callers, endpoints.get, async ({ principal, params }) =>
    present(await brandKits.get(principal.id, params.id)),
  );
  bindRoute(router, callers, endpoints.update, async ({ principal, params, body }) =>
    present(await brandKits.update(principal.id, params.id, body)),
  );
  bindRoute(router, callers, endpoints.delete, async ({ principal, params }) => {
    await brandKits.delete(principal.id, params.id);
  });
  bindRoute(router, callers, endpoints.activate, async ({ principal, params }) =>
    present(await brandKits.activate(principal.id, params.id)),
  );

  bindRoute(router, callers, endpoints.getColors, async ({ principal, params }) =>
    sections.get(principal.id, params.id, 'colors'),
  );
  bindRoute(router, callers, endpoints.updateColors, async ({ principal, params, body }) =>
    sections.replace(principal.id, params.id, 'colors', body),
  );
  bindRoute(router, callers, endpoints.getTypography, async ({ principal, params }) =>
    sections.get(principal.id, params.id, 'typography'),
  );
  bindRoute(router, callers, endpoints.updateTypography, async ({ principal, params, body }) =>
    sections.replace(principal.id, params.id, 'typography', body),
  );
  bindRoute(router, callers, endpoints.getVoice, async ({ principal, params }) =>
    sections.get(principal.id, params.id, 'voice'),
  );
  bindRoute(router, callers, endpoints.updateVoice, async ({ principal, params, body }) =>
    sections.replace(principal.id, params.id, 'voice', body),
  );
  bindRoute(router, callers, endpoints.getGuidelines, async ({ principal, params }) =>
    sections.get(principal.id, params.id, 'guidelines'),
  );
  bindRoute(router, callers, endpoints.updateGuidelines, async ({ principal, params, body }) =>
    sections.replace(principal.id, params.id, 'guidelines', body),
  );

  bindRoute(router, callers, endpoints.listLogos, async ({ principal, params }) =>
    presentLogoList(await logos.list(principal.id, params.id), brandKits.fileUrl),
  );
  bindRoute(router, callers, endpoints.uploadLogo, async ({ principal, params, req }) => {
    await deps.uploadLimiter.consume(principal.id);
    // a kit that is not the user's is refused before the body is read
    await brandKits.get(principal.id, params.id);
    const { type, file } = await readLogoUpload(req, deps.uploadMaxBytes);
    return presentLogo(type, await logos.upload(principal.id, params.id, type, file), brandKits.fileUrl);
  });
  // before `/logos/{type}` so the literal path wins
  bindRoute(router, callers, endpoints.setDefaultLogo, async ({ principal, params, body }) =>
    presentLogoList(await logos.setDefault(principal.id, params.id, body.logo_type), brandKits.fileUrl),
  );
  bindRoute(router, callers, endpoints.getLogo, async ({ principal, params }) =>
    presentLogo(params.type, await logos.get(principal.id, params.id, params.type), brandKits.fileUrl),
  );
  bindRoute(router, callers, endpoints.deleteLogo, async ({ principal, params }) => {
    await logos.delete(principal.id, params.id, params.type);
  });

  return router;
}
