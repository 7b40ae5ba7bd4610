import type {
  BrandKit,
  BrandKitList,
  BrandKitLogoListResponse,
  BrandKitLogoResponse,
  brandKitEndpoints,
  EndpointBody,
  LogoType,
} from '@aurastream/contract';
import type { Actor } from '../auth/principal';
import { cacheScopes, type CachedAnswer, type ReadCache, type ReadCacheInvalidator } from '../db/read-cache';
import type { RateLimiter } from '../rate-limit/rate-limiter';
import type { UploadedFile } from '../uploads/multipart';
import { presentBrandKit, presentLogo, presentLogoList } from './brand-kit.presenter';
import type { BrandKitLogoService } from './brand-kit-logo.service';
import type { BrandKitSectionName, BrandKitSections, BrandKitSectionService } from './brand-kit-sections.service';
import type { BrandKitService } from './brand-kit.service';

type Endpoints = typeof brandKitEndpoints;

/** A streamer's brand kits: the kits, their extended sections and their logos. */
export interface BrandKitsApi {
  list(principal: Actor): Promise<BrandKitList>;
  /** `list`'s answer serialised, with its ETag, from the shared cache while the streamer changes nothing. */
  listAnswer(principal: Actor): Promise<CachedAnswer>;
  create(principal: Actor, input: EndpointBody<Endpoints['create']>): Promise<BrandKit>;
  getActive(principal: Actor): Promise<BrandKit>;
  get(principal: Actor, kitId: string): Promise<BrandKit>;
  update(principal: Actor, kitId: string, changes: EndpointBody<Endpoints['update']>): Promise<BrandKit>;
  delete(principal: Actor, kitId: string): Promise<void>;
  activate(principal: Actor, kitId: string): Promise<BrandKit>;
  getSection<S extends BrandKitSectionName>(principal: Actor, kitId: string, section: S): Promise<BrandKitSections[S]>;
  replaceSection<S extends BrandKitSectionName>(
    principal: Actor,
    kitId: string,
    section: S,
    value: BrandKitSections[S],
  ): Promise<BrandKitSections[S]>;
  listLogos(principal: Actor, kitId: string): Promise<BrandKitLogoListResponse>;
  /** Counts an upload against the hourly limit and checks the kit is the streamer's, before any file is read. */
  admitLogoUpload(principal: Actor, kitId: string): Promise<void>;
  uploadLogo(principal: Actor, kitId: string, type: LogoType, file: UploadedFile): Promise<BrandKitLogoResponse>;
  setDefaultLogo(principal: Actor, kitId: string, type: LogoType): Promise<BrandKitLogoListResponse>;
  getLogo(principal: Actor, kitId: string, type: LogoType): Promise<BrandKitLogoResponse>;
  deleteLogo(principal: Actor, kitId: string, type: LogoType): Promise<void>;
}

export interface BrandKitsApiDependencies {
  brandKits: BrandKitService;
  sections: BrandKitSectionService;
  logos: BrandKitLogoService;
  /** Logo uploads per streamer. */
  uploadLimiter: RateLimiter;
  /** Streamers' kit lists, each in its owner's scope. */
  lists: ReadCache;
  /** Told of every change of a streamer's kits (their list and their panel's colours show them). */
  cacheScopes: ReadCacheInvalidator;
}

export function createBrandKitsApi(deps: BrandKitsApiDependencies): BrandKitsApi {
  const { brandKits, sections, logos } = deps;
  const fileUrl = brandKits.fileUrl;
  const present = (kit: Parameters<typeof presentBrandKit>[0]) => presentBrandKit(kit, fileUrl);
  /** Runs a change of the principal's kits, then retires their cached answers before confirming it. */
  const changing = async <T>(principal: Actor, change: Promise<T>): Promise<T> => {
    const result = await change;
    await deps.cacheScopes.invalidate(cacheScopes.owner(principal.id));
    return result;
  };
  const list = async (principal: Actor): Promise<BrandKitList> => {
    const kits = await brandKits.list(principal.id);
    return { brand_kits: kits.map(present), total: kits.length };
  };
  return {
    list,
    listAnswer: (principal) =>
      deps.lists.getOrLoad(principal.id, cacheScopes.owner(principal.id), () => list(principal)),
    create: async (principal, input) => present(await changing(principal, brandKits.create(principal, input))),
    getActive: async (principal) => present(await brandKits.getActive(principal.id)),
    get: async (principal, kitId) => present(await brandKits.get(principal.id, kitId)),
    update: async (principal, kitId, changes) =>
      present(await changing(principal, brandKits.update(principal.id, kitId, changes))),
    delete: (principal, kitId) => changing(principal, brandKits.delete(principal.id, kitId)),
    activate: async (principal, kitId) => present(await changing(principal, brandKits.activate(principal.id, kitId))),
    getSection: (principal, kitId, section) => sections.get(principal.id, kitId, section),
    replaceSection: (principal, kitId, section, value) =>
      changing(principal, sections.replace(principal.id, kitId, section, value)),
    listLogos: async (principal, kitId) => presentLogoList(await logos.list(principal.id, kitId), fileUrl),
    async admitLogoUpload(principal, kitId) {
      await deps.uploadLimiter.consume(principal.id);
      await brandKits.get(principal.id, kitId);
    },
    uploadLogo: async (principal, kitId, type, file) =>
      presentLogo(type, await changing(principal, logos.upload(principal.id, kitId, type, file)), fileUrl),
    setDefaultLogo: async (principal, kitId, type) =>
      presentLogoList(await changing(principal, logos.setDefault(principal.id, kitId, type)), fileUrl),
    getLogo: async (principal, kitId, type) => presentLogo(type, await logos.get(principal.id, kitId, type), fileUrl),
    deleteLogo: (principal, kitId, type) => changing(principal, logos.delete(principal.id, kitId, type)),
  };
}
