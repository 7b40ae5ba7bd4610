import type { UserId } from '../users/user.repository';
import { ChannelNotConnectedError } from './errors';
import type { ExtensionPanelResponse } from '@aurastream/contract';
import { cacheScopes, type CachedAnswer, type ReadCache } from '../db/read-cache';
import { ShowcaseDesigns } from './showcase-designs';
import type {
  BrandColorSource,
  ChannelOwners,
  PublicAssetFile,
  PublicAssetSource,
  StreamerProfiles,
} from './showcase-sources';

/** Designs a panel lists; a 318 px wide panel shows about a dozen without scrolling. */
export const SHOWCASE_MAX_DESIGNS = 60;
const PAGE_SIZE = 100;
/** Counting stops here, so one huge library cannot make a panel request slow. */
export const SHOWCASE_MAX_FILES_SCANNED = 10_000;

export interface ShowcaseServiceDependencies {
  owners: ChannelOwners;
  profiles: StreamerProfiles;
  brandColors: BrandColorSource;
  assets: PublicAssetSource;
  /**
   * Showcases by channel, each in its owner's scope: a raid's viewers open the panel within seconds
   * and one build serves them all, until the owner changes something the panel shows.
   */
  cache: ReadCache;
  /** Where anyone loads a public asset's image. */
  imageUrl: (assetId: string) => string;
}

/** The public showcase of the streamer who connected a Twitch channel, as the panel shows it. */
export class ShowcaseService {
  /** Showcases being built, so simultaneous requests for one channel share one build. */
  private readonly building = new Map<string, Promise<CachedAnswer>>();

  constructor(private readonly deps: ShowcaseServiceDependencies) {}

  /** The panel serialised, with its ETag; throws ChannelNotConnectedError (404) when no streamer connected the channel. */
  async answerFor(channelId: string): Promise<CachedAnswer> {
    const cached = await this.deps.cache.read(channelId);
    if (cached) {
      return cached;
    }
    const pending = this.building.get(channelId);
    if (pending) {
      return pending;
    }
    const build = this.build(channelId).finally(() => this.building.delete(channelId));
    this.building.set(channelId, build);
    return build;
  }

  private async build(channelId: string): Promise<CachedAnswer> {
    const owner = await this.deps.owners.ownerOfChannel(channelId);
    // read before the data: a change made while building leaves this build stale, never current
    const version = owner ? await this.deps.cache.version(cacheScopes.owner(owner)) : '0';
    const displayName = owner ? await this.deps.profiles.displayNameOf(owner) : null;
    if (!owner || displayName === null) {
      throw new ChannelNotConnectedError();
    }
    const [brand, designs] = await Promise.all([this.deps.brandColors.activeColorsOf(owner), this.designsOf(owner)]);
    const panel: ExtensionPanelResponse = {
      channel: { display_name: displayName, brand },
      assets: designs.newest(SHOWCASE_MAX_DESIGNS).map((file) => this.present(file)),
      total: designs.count,
    };
    return this.deps.cache.store(channelId, cacheScopes.owner(owner), version, panel);
  }

  private async designsOf(owner: UserId): Promise<ShowcaseDesigns> {
    const designs = new ShowcaseDesigns();
    let cursor: string | null = null;
    let scanned = 0;
    do {
      const page = await this.deps.assets.listPublic(owner, { limit: PAGE_SIZE, cursor });
      designs.add(page.files);
      scanned += page.files.length;
      cursor = page.next_cursor;
    } while (cursor && scanned < SHOWCASE_MAX_FILES_SCANNED);
    return designs;
  }

  private present(file: PublicAssetFile): ExtensionPanelResponse['assets'][number] {
    return {
      id: file.id,
      asset_type: file.asset_type,
      width: file.width,
      height: file.height,
      url: this.deps.imageUrl(file.id),
      created_at: file.created_at.toISOString(),
    };
  }
}
