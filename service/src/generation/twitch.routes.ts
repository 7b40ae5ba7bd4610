import type { Router } from 'express';
import {
  type TwitchAssetType,
  type AssetType,
  type PackType,
  PACK_CONTENTS,
  twitchEndpoints,
  type PackResponse,
} from '@aurastream/contract';
import { presentAsset } from '../assets/asset.presenter';
import { bindRoute } from '../http/route';
import { dimensionsFor, TWITCH_DIMENSIONS, GENERIC_TO_TWITCH } from '../rendering/dimensions';
import type { PackView } from './generation.service';
import { presentJob, progressOf } from './job.presenter';
import { writePackArchive } from './pack-archive';
import type { GenerationRouterDeps } from './routes';

function presentPack(pack: PackView): PackResponse {
  const ready = pack.job.status === 'completed' && pack.job.completed_assets > 0;
  return {
    job: presentJob(pack.job),
    pack_type: pack.pack_type,
    progress: progressOf(pack.job),
    items: pack.items.map((item) => ({
      asset_type: item.asset_type,
      job: presentJob(item.job),
      assets: item.assets.map(presentAsset),
    })),
    download_url: ready ? `/api/v1/twitch/packs/${pack.job.id}/download` : null,
  };
}

/** The Twitch routes: typed generation, packs and their zip, and the dimensions table. */
export function bindTwitchRoutes(router: Router, deps: GenerationRouterDeps): void {
  const { callers, generation, requestLimiter } = deps;

  bindRoute(router, callers, twitchEndpoints.generate, async ({ principal, body }) => {
    await requestLimiter.consume(principal.id);
    return presentJob(await generation.generate(principal, body));
  });

  bindRoute(router, callers, twitchEndpoints.createPack, async ({ principal, body }) => {
    await requestLimiter.consume(principal.id);
    return presentPack(await generation.createPack(principal, body));
  });

  bindRoute(router, callers, twitchEndpoints.getPack, async ({ principal, params }) =>
    presentPack(await generation.getPack(principal.id, params.id)),
  );

  bindRoute(router, callers, twitchEndpoints.downloadPack, async ({ principal, params, res }) => {
    const { pack, files } = await generation.packDownload(principal.id, params.id);
    res.setHeader('Content-Type', 'application/zip');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="aurastream-${pack.pack_type}-pack-${pack.job.id.slice(0, 8)}.zip"`,
    );
    res.setHeader('Cache-Control', 'private, no-store');
    await writePackArchive(res, pack.pack_type, files);
  });

  bindRoute(router, callers, twitchEndpoints.dimensions, async () => ({
    asset_types: Object.values(TWITCH_DIMENSIONS),
    generic_asset_types: (Object.keys(GENERIC_TO_TWITCH) as AssetType[]).map((type) => dimensionsFor(type)),
    packs: (Object.keys(PACK_CONTENTS) as PackType[]).map((packType) => ({
      pack_type: packType,
      asset_types: [...PACK_CONTENTS[packType]] as TwitchAssetType[],
    })),
  }));
}
