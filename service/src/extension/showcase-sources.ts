/**
 * What the showcase reads from other features, as narrow interfaces, and the adapters that build
 * them from those features' services (the container passes the services; nothing here touches
 * another feature's repository).
 */
import { cleanDisplayName } from '../users/display-name';
import type { AssetLibraryService } from '../assets/asset-library.service';
import type { BrandKitService } from '../brand-kits/brand-kit.service';
import type { AnyAssetType } from '@aurastream/contract';
import { NotFoundError } from '../shared/errors';
import type { UserId, UserRepository } from '../users/user.repository';

/** Which AuraStream user connected a Twitch channel. */
export interface ChannelOwners {
  ownerOfChannel(channelId: string): Promise<UserId | null>;
}

/** The name a streamer shows. */
export interface StreamerProfiles {
  displayNameOf(userId: UserId): Promise<string | null>;
}

export interface BrandColors {
  primary_colors: string[];
  accent_colors: string[];
}

/** The colours of a streamer's active brand kit. */
export interface BrandColorSource {
  activeColorsOf(userId: UserId): Promise<BrandColors | null>;
}

/** One public file, as the showcase needs it. */
export interface PublicAssetFile {
  id: string;
  asset_type: AnyAssetType;
  width: number;
  height: number;
  created_at: Date;
  /** The generation job and variation: an emote's three sizes share them. */
  job_id: string;
  variation: number;
}

export interface PublicAssetPage {
  files: PublicAssetFile[];
  next_cursor: string | null;
}

/** A streamer's public, undeleted files, newest first, a page at a time. */
export interface PublicAssetSource {
  listPublic(owner: UserId, page: { limit: number; cursor: string | null }): Promise<PublicAssetPage>;
}

export function streamerProfilesFrom(users: Pick<UserRepository, 'findById'>): StreamerProfiles {
  return {
    async displayNameOf(userId) {
      const user = await users.findById(userId);
      // names stored before bidirectional controls were refused are shown without them
      return user ? cleanDisplayName(user.display_name) : null;
    },
  };
}

export function brandColorsFrom(brandKits: Pick<BrandKitService, 'getActive'>): BrandColorSource {
  return {
    async activeColorsOf(userId) {
      try {
        const kit = await brandKits.getActive(userId);
        return { primary_colors: kit.primary_colors, accent_colors: kit.accent_colors };
      } catch (error) {
        // a streamer without an active kit: the panel keeps AuraStream's own colours
        if (error instanceof NotFoundError) {
          return null;
        }
        throw error;
      }
    },
  };
}

export function publicAssetsFrom(library: Pick<AssetLibraryService, 'list'>): PublicAssetSource {
  return {
    async listPublic(owner, page) {
      const result = await library.list(owner, {
        visibility: 'public',
        limit: page.limit,
        cursor: page.cursor ?? undefined,
      });
      return {
        files: result.items.map((asset) => ({
          id: asset.id,
          asset_type: asset.asset_type,
          width: asset.width,
          height: asset.height,
          created_at: asset.created_at,
          job_id: asset.job_id,
          variation: asset.generation_params.variation,
        })),
        next_cursor: result.next_cursor,
      };
    },
  };
}
