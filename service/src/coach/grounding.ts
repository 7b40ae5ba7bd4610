import type { Logger } from '../shared/logger';
import type { TwitchContextProvider } from '../twitch/channel-context';
import type { UserId } from '../users/user.repository';
import type { CoachGroundingItem } from '@aurastream/contract';

/**
 * What AuraStream's own data says is popular. The analytics service satisfies it; the coach carries
 * on without it when it is absent.
 */
export interface PopularityLookup {
  /**
   * Asset types over the last `days`, most popular first: assets generated when known, else
   * `asset_generated` events (the analytics service's `popularAssetTypes`).
   */
  popularAssetTypes(days: number): Promise<{
    asset_types: readonly { asset_type: string; generated_count: number; assets: number | null }[];
  }>;
  /** Style presets by use over the last `days`, most popular first (optional). */
  popularStylePresets?(days: number): Promise<{ style_preset: string; count: number }[]>;
}

export interface GroundingOptions {
  twitch: TwitchContextProvider | null;
  popularity: PopularityLookup | null;
  logger: Logger;
  /** Longest wait for one lookup; a slow source is skipped, not waited for. */
  timeoutMs?: number;
  /** Window of the popularity figures. */
  days?: number;
  /** Top streams of the streamer's category to look at. */
  topStreams?: number;
  /** How long popularity figures are reused (they are daily counts, the same for every streamer). */
  popularityCacheMs?: number;
}

/** One grounding result and the line the dashboard shows for it. */
export interface GroundingFinding {
  item: CoachGroundingItem;
  line: string;
}

type PopularAssetTypes = Extract<CoachGroundingItem, { source: 'popular_asset_types' }>['asset_types'];
type PopularStyles = Extract<CoachGroundingItem, { source: 'popular_styles' }>['styles'];

interface PopularityFigures {
  assetTypes: PopularAssetTypes | null;
  styles: PopularStyles | null;
}

const numberFormat = new Intl.NumberFormat('en-US');
const TOP_POPULAR = 5;

class LookupTimeout extends Error {}

/**
 * Grounding for studio sessions: the streamer's Twitch channel and its category's top streams (when
 * Twitch is connected) and which asset types and styles are popular on AuraStream. Lookups run in
 * parallel and are reported in a fixed order; a failing or slow source is left out.
 */
export class CoachGrounding {
  private readonly timeoutMs: number;
  private readonly days: number;
  private readonly topStreams: number;
  private readonly popularityCacheMs: number;
  private popularityCache: { expiresAt: number; figures: Promise<PopularityFigures> } | null = null;

  constructor(private readonly options: GroundingOptions) {
    this.timeoutMs = options.timeoutMs ?? 3000;
    this.days = options.days ?? 7;
    this.topStreams = options.topStreams ?? 5;
    this.popularityCacheMs = options.popularityCacheMs ?? 5 * 60_000;
  }

  /** Looks everything up, calling `onFinding` for each result in order; returns whether Twitch answered. */
  async collect(
    userId: UserId,
    onFinding: (finding: GroundingFinding) => Promise<void>,
    signal: AbortSignal,
  ): Promise<{ findings: GroundingFinding[]; twitchConnected: boolean }> {
    const twitch = this.twitchFindings(userId, signal);
    const popularity = this.options.popularity ? this.popularity(this.options.popularity) : null;

    const findings: GroundingFinding[] = [];
    const report = async (finding: GroundingFinding): Promise<void> => {
      signal.throwIfAborted();
      findings.push(finding);
      await onFinding(finding);
    };
    const { connected, channelFindings } = await twitch;
    for (const finding of channelFindings) {
      await report(finding);
    }
    const figures = await popularity;
    if (figures?.assetTypes && figures.assetTypes.length > 0) {
      const top = figures.assetTypes;
      await report({
        item: { source: 'popular_asset_types', days: this.days, asset_types: top },
        line: `Most made on AuraStream in the last ${this.days} days: ${top.map((entry) => entry.asset_type.replace(/_/g, ' ')).join(', ')}`,
      });
    }
    if (figures?.styles && figures.styles.length > 0) {
      const top = figures.styles;
      await report({
        item: { source: 'popular_styles', days: this.days, styles: top },
        line: `Most used styles on AuraStream in the last ${this.days} days: ${top.map((entry) => entry.style_preset.replace(/_/g, ' ')).join(', ')}`,
      });
    }
    return { findings, twitchConnected: connected };
  }

  /** The streamer's channel, then the top streams of its category. */
  private async twitchFindings(
    userId: UserId,
    signal: AbortSignal,
  ): Promise<{ connected: boolean; channelFindings: GroundingFinding[] }> {
    const twitch = this.options.twitch;
    const context = twitch
      ? await this.bounded('twitch channel', () => twitch.getChannelContext(userId), signal)
      : null;
    if (!twitch || !context) {
      return { connected: false, channelFindings: [] };
    }
    const channelFindings: GroundingFinding[] = [
      {
        item: {
          source: 'twitch_channel',
          broadcaster_name: context.broadcaster_name,
          title: context.title,
          category_name: context.category_name,
          is_live: context.is_live,
          tags: context.tags,
        },
        line: `Your channel: "${context.title}" in ${context.category_name ?? 'no category'}${context.is_live ? ' (live now)' : ''}`,
      },
    ];
    const { category_id: categoryId, category_name: categoryName } = context;
    if (categoryId && categoryName) {
      const streams = await this.bounded(
        'twitch top streams',
        () => twitch.getTopStreams(userId, categoryId, this.topStreams),
        signal,
      );
      const top = (streams ?? []).slice(0, this.topStreams);
      if (top.length > 0) {
        channelFindings.push({
          item: {
            source: 'twitch_top_streams',
            category_name: categoryName,
            streams: top.map(({ user_name, title, viewer_count }) => ({ user_name, title, viewer_count })),
          },
          line: `Top ${categoryName} streams right now: ${top
            .map((stream) => `${stream.user_name} (${numberFormat.format(stream.viewer_count)} viewers)`)
            .join(', ')}`,
        });
      }
    }
    return { connected: true, channelFindings };
  }

  /** Popularity figures, shared by every session for `popularityCacheMs`; a failed lookup is not kept. */
  private popularity(lookup: PopularityLookup): Promise<PopularityFigures> {
    const now = Date.now();
    if (this.popularityCache && this.popularityCache.expiresAt > now) {
      return this.popularityCache.figures;
    }
    const figures = Promise.all([
      // shared by many sessions, so no one session's disconnect cancels it
      this.bounded('popular asset types', () => lookup.popularAssetTypes(this.days)),
      lookup.popularStylePresets
        ? this.bounded('popular styles', () => lookup.popularStylePresets?.(this.days) ?? Promise.resolve([]))
        : null,
    ]).then(([types, styles]) => ({
      // assets made and `asset_generated` events measure the same thing; the larger is the better-informed
      assetTypes:
        types?.asset_types
          .map((entry) => ({ asset_type: entry.asset_type, count: Math.max(entry.assets ?? 0, entry.generated_count) }))
          .filter((entry) => entry.count > 0)
          .sort((a, b) => b.count - a.count)
          .slice(0, TOP_POPULAR) ?? null,
      styles: styles?.slice(0, TOP_POPULAR) ?? null,
    }));
    const entry = { expiresAt: now + this.popularityCacheMs, figures };
    this.popularityCache = entry;
    void figures.then(({ assetTypes }) => {
      if (assetTypes === null && this.popularityCache === entry) {
        this.popularityCache = null;
      }
    });
    return figures;
  }

  /** Runs a lookup with a deadline; a failure or timeout is logged and answers null. */
  private async bounded<T>(name: string, lookup: () => Promise<T>, signal?: AbortSignal): Promise<T | null> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new LookupTimeout(`${name} took longer than ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
    });
    try {
      return await Promise.race([lookup(), deadline]);
    } catch (error) {
      if (!signal?.aborted) {
        this.options.logger.warn({ err: error, lookup: name }, 'coach grounding lookup failed; continuing without it');
      }
      return null;
    } finally {
      clearTimeout(timer);
    }
  }
}
