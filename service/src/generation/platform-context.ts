import type { Logger } from '../shared/logger';
import type { UserId } from '../users/user.repository';
import type { ChannelContextSource } from './dependencies';
import type { StoredPlatformContext } from './generation-job.model';

/**
 * Reads the streamer's Twitch channel for a new job's `platform_context`. Never holds a request up
 * for long and never fails it: without Twitch (not connected, slow or down) the job goes on
 * without context.
 */
export class PlatformContextReader {
  constructor(
    private readonly source: ChannelContextSource,
    private readonly timeoutMs: number,
    private readonly logger: Logger,
  ) {}

  async read(userId: UserId): Promise<StoredPlatformContext | null> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), this.timeoutMs);
    });
    try {
      const context = await Promise.race([this.source.getChannelContext(userId), timeout]);
      if (!context) {
        return null;
      }
      return {
        platform: 'twitch',
        broadcaster_id: context.broadcaster_id,
        broadcaster_login: context.broadcaster_login,
        broadcaster_name: context.broadcaster_name,
        title: context.title,
        category_id: context.category_id,
        category_name: context.category_name,
        tags: context.tags,
        is_live: context.is_live,
        captured_at: new Date(),
      };
    } catch (error) {
      this.logger.warn({ err: error, userId }, 'could not read the Twitch channel context');
      return null;
    } finally {
      clearTimeout(timer);
    }
  }
}
