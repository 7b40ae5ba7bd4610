import { Router, type Request } from 'express';
import { bindRoute, type AuthenticateRequest } from '../http/route';
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
  authenticate: AuthenticateRequest;
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
  const { authenticate, brandKits, sections, logos } = deps;
  const router = Router();
  const present = (kit: Parameters<typeof presentBrandKit>[0]) => presentBrandKit(kit, brandKits.fileUrl);

  bindRoute(router, authenticate, endpoints.list, async ({ actor }) => {
    const kits = await brandKits.list(actor.id);
    return { brand_kits: kits.map(present), total: kits.length };
  });
  bindRoute(router, authenticate, endpoints.create, async ({ actor, body }) =>
    present(await brandKits.create(actor, body)),
  );
  // before `/{id}`, which would otherwise take "active" for an id
  bindRoute(router, authenticate, endpoints.getActive, async ({ actor }) =>
    present(await brandKits.getActive(actor.id)),
  );
  bindRoute(router, authenticate, endpoints.get, async ({ actor, params }) =>
    present(await brandKits.get(actor.id, params.id)),
  );
  bindRoute(router, authenticate, endpoints.update, async ({ actor, params, body }) =>
    present(await brandKits.update(actor.id, params.id, body)),
  );
  bindRoute(router, authenticate, endpoints.delete, async ({ actor, params }) => {
    await brandKits.delete(actor.id, params.id);
  });
  bindRoute(router, authenticate, endpoints.activate, async ({ actor, params }) =>
    present(await brandKits.activate(actor.id, params.id)),
  );

  bindRoute(router, authenticate, endpoints.getColors, async ({ actor, params }) =>
    sections.get(actor.id, params.id, 'colors'),
  );
  bindRoute(router, authenticate, endpoints.updateColors, async ({ actor, params, body }) =>
    sections.replace(actor.id, params.id, 'colors', body),
  );
  bindRoute(router, authenticate, endpoints.getTypography, async ({ actor, params }) =>
    sections.get(actor.id, params.id, 'typography'),
  );
  bindRoute(router, authenticate, endpoints.updateTypography, async ({ actor, params, body }) =>
    sections.replace(actor.id, params.id, 'typography', body),
  );
  bindRoute(router, authenticate, endpoints.getVoice, async ({ actor, params }) =>
    sections.get(actor.id, params.id, 'voice'),
  );
  bindRoute(router, authenticate, endpoints.updateVoice, async ({ actor, params, body }) =>
    sections.replace(actor.id, params.id, 'voice', body),
  );
  bindRoute(router, authenticate, endpoints.getGuidelines, async ({ actor, params }) =>
    sections.get(actor.id, params.id, 'guidelines'),
  );
  bindRoute(router, authenticate, endpoints.updateGuidelines, async ({ actor, params, body }) =>
    sections.replace(actor.id, params.id, 'guidelines', body),
  );

  bindRoute(router, authenticate, endpoints.listLogos, async ({ actor, params }) =>
    presentLogoList(await logos.list(actor.id, params.id), brandKits.fileUrl),
  );
  bindRoute(router, authenticate, endpoints.uploadLogo, async ({ actor, params, req }) => {
    await deps.uploadLimiter.consume(actor.id);
    // a kit that is not the user's is refused before the body is read
    await brandKits.get(actor.id, params.id);
    const { type, file } = await readLogoUpload(req, deps.uploadMaxBytes);
    return presentLogo(type, await logos.upload(actor.id, params.id, type, file), brandKits.fileUrl);
  });
  // before `/logos/{type}` so the literal path wins
  bindRoute(router, authenticate, endpoints.setDefaultLogo, async ({ actor, params, body }) =>
    presentLogoList(await logos.setDefault(actor.id, params.id, body.logo_type), brandKits.fileUrl),
  );
  bindRoute(router, authenticate, endpoints.getLogo, async ({ actor, params }) =>
    presentLogo(params.type, await logos.get(actor.id, params.id, params.type), brandKits.fileUrl),
  );
  bindRoute(router, authenticate, endpoints.deleteLogo, async ({ actor, params }) => {
    await logos.delete(actor.id, params.id, params.type);
  });

  return router;
}
