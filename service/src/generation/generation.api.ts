import {
  GENERIC_TO_TWITCH,
  PACK_CONTENTS,
  type AssetType,
  type EndpointQuery,
  type GenerateBody,
  type generationEndpoints,
  type JobResponse,
  type PackBody,
  type PackResponse,
  type PackType,
  type TwitchGenerateBody,
  type twitchEndpoints,
  type WireResponse,
} from '@aurastream/contract';
import { presentAsset } from '../assets/asset.presenter';
import type { Actor } from '../auth/principal';
import type { RateLimiter } from '../rate-limit/rate-limiter';
import { dimensionsFor, TWITCH_DIMENSIONS } from '../rendering/dimensions';
import type { GenerationService, PackView } from './generation.service';
import type { Asset } from '../assets/asset.repository';
import { presentJob } from './job.presenter';
import { presentPack } from './pack.presenter';

/** A streamer's generations: single requests, Twitch assets and packs, and the sizes table. */
export interface GenerationApi {
  /** Queues a generic (`/generate`) or Twitch (`/twitch/generate`) request; answers the queued job. */
  generate(principal: Actor, request: GenerateBody | TwitchGenerateBody): Promise<JobResponse>;
  listJobs(
    principal: Actor,
    query: EndpointQuery<(typeof generationEndpoints)['listJobs']>,
  ): Promise<WireResponse<(typeof generationEndpoints)['listJobs']>>;
  getJob(principal: Actor, jobId: string): Promise<JobResponse>;
  getJobAssets(principal: Actor, jobId: string): Promise<WireResponse<(typeof generationEndpoints)['getJobAssets']>>;
  cancelJob(principal: Actor, jobId: string): Promise<JobResponse>;
  createPack(principal: Actor, request: PackBody): Promise<PackResponse>;
  getPack(principal: Actor, packId: string): Promise<PackResponse>;
  /** A finished pack's files, for its zip. */
  packFiles(
    principal: Actor,
    packId: string,
  ): Promise<{ pack: PackView; files: Array<{ asset: Asset; data: Buffer }> }>;
  dimensions(): WireResponse<(typeof twitchEndpoints)['dimensions']>;
}

export function createGenerationApi(deps: {
  generation: GenerationService;
  /** Limits how fast one streamer may queue jobs (the monthly quota limits how many). */
  requestLimiter: RateLimiter;
}): GenerationApi {
  const { generation, requestLimiter } = deps;
  return {
    async generate(principal, request) {
      await requestLimiter.consume(principal.id);
      return presentJob(await generation.generate(principal, request));
    },
    async listJobs(principal, query) {
      const page = await generation.list(principal.id, query);
      return { jobs: page.items.map(presentJob), next_cursor: page.next_cursor };
    },
    getJob: async (principal, jobId) => presentJob(await generation.get(principal.id, jobId)),
    getJobAssets: async (principal, jobId) => ({
      assets: (await generation.assetsOf(principal.id, jobId)).map(presentAsset),
    }),
    cancelJob: async (principal, jobId) => presentJob(await generation.cancel(principal.id, jobId)),
    async createPack(principal, request) {
      await requestLimiter.consume(principal.id);
      return presentPack(await generation.createPack(principal, request));
    },
    getPack: async (principal, packId) => presentPack(await generation.getPack(principal.id, packId)),
    packFiles: (principal, packId) => generation.packDownload(principal.id, packId),
    dimensions: () => ({
      asset_types: Object.values(TWITCH_DIMENSIONS),
      generic_asset_types: (Object.keys(GENERIC_TO_TWITCH) as AssetType[]).map((type) => dimensionsFor(type)),
      packs: (Object.keys(PACK_CONTENTS) as PackType[]).map((packType) => ({
        pack_type: packType,
        asset_types: [...PACK_CONTENTS[packType]],
      })),
    }),
  };
}
