import type { LiveEvent } from '@aurastream/contract';
import type { Logger } from '../shared/logger';
import type { UserId } from '../users/user.repository';
import type { ChannelIdeasCache } from './channel-ideas-cache';
import type { ExtensionPubSubRelay } from './pubsub/extension-pubsub-relay';

/** Which streamer connected a Twitch channel, both ways. */
export interface ChannelDirectory {
  ownerOfChannel(channelId: string): Promise<UserId | null>;
  channelOf(owner: UserId): Promise<string | null>;
}

/** How long a process trusts its memory of a streamer's channel id (a reconnection changes it rarely). */
const CHANNEL_MEMO_MS = 60_000;

/**
 * What the panel hears of a channel's changes, in the process where they happen: every change drops
 * the channel's cached ideas list (in Redis, so for every process), and every live event goes to
 * Extension PubSub when it is configured. The ideas feature speaks streamer ids; the panel and
 * Twitch speak channel ids, so the mapping is kept for a minute.
 */
export class PanelChannelEvents {
  private readonly channelIds = new Map<string, { channelId: string | null; until: number }>();

  constructor(
    private readonly deps: {
      directory: ChannelDirectory;
      ideasCache: Pick<ChannelIdeasCache, 'invalidate'>;
      pubsub: Pick<ExtensionPubSubRelay, 'add'> | null;
      logger: Logger;
    },
  ) {}

  /** Remembers a mapping a request just read (so the first change after it need not look it up). */
  remember(owner: UserId, channelId: string): void {
    this.channelIds.set(owner, { channelId, until: Date.now() + CHANNEL_MEMO_MS });
  }

  /** The channel's ideas or settings changed. */
  changed(owner: string): void {
    this.withChannel(owner, (channelId) =>
      this.deps.ideasCache
        .invalidate(channelId)
        .catch((error: unknown) =>
          this.deps.logger.warn({ err: error, channelId }, 'could not drop the cached ideas of a channel'),
        ),
    );
  }

  /** A live event of the channel, for its panels. */
  published(owner: string, event: LiveEvent): void {
    const { pubsub } = this.deps;
    if (pubsub) {
      this.withChannel(owner, (channelId) => pubsub.add(channelId, event));
    }
  }

  /** Runs `use` with the streamer's channel id: at once when remembered (keeping events in order). */
  private withChannel(owner: string, use: (channelId: string) => unknown): void {
    const memo = this.channelIds.get(owner);
    if (memo && memo.until > Date.now()) {
      if (memo.channelId) {
        use(memo.channelId);
      }
      return;
    }
    this.deps.directory
      .channelOf(owner as UserId)
      .then((channelId) => {
        this.channelIds.set(owner, { channelId, until: Date.now() + CHANNEL_MEMO_MS });
        if (channelId) {
          use(channelId);
        }
      })
      .catch((error: unknown) => this.deps.logger.warn({ err: error, owner }, 'could not find a streamer’s channel'));
  }
}
