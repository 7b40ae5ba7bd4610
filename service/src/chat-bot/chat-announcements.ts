import type { Redis } from 'ioredis';
import type { LiveEvent } from '@aurastream/contract';
import { redisKeys } from '../db/redis-keys';
import type { Logger } from '../shared/logger';
import type { UserId } from '../users/user.repository';
import type { ChatInbox } from './chat-inbox';
import { fitChat, quote } from './chat-text';

/** How long a live event counts as announced (several service processes hear each one). */
const ANNOUNCED_TTL_SECONDS = 86_400;
/** How long a `!aura make` job may take and still be announced. */
const MAKE_JOB_TTL_SECONDS = 86_400;

/**
 * What the bot says in chat on its own: an idea's fate from the live events ("idea #12 by pixelpal
 * approved", "ready: …") and the end of a `!aura make` job with its public link. Every service
 * process hears the live events; a `SET NX` per event lets one of them announce it.
 */
export class ChatAnnouncements {
  constructor(
    private readonly deps: {
      redis: Redis;
      inbox: ChatInbox;
      /** The Twitch channel of a streamer with the bot on; null otherwise. */
      servedChannelOf(owner: UserId): Promise<string | null>;
      publicAssetUrl(assetId: string): string;
      logger: Logger;
    },
  ) {}

  /** The text for a live event worth a chat line, or null. */
  static textOf(event: LiveEvent): { key: string; ideaId: string; text: string } | null {
    switch (event.type) {
      case 'idea.approved':
        return {
          key: `approved:${event.idea.id}`,
          ideaId: event.idea.id,
          text: `idea #${event.idea.number}${byViewer(event.idea.viewer_name)} approved: making it now`,
        };
      case 'idea.ready':
        return {
          key: `ready:${event.idea.id}`,
          ideaId: event.idea.id,
          text: `ready: idea #${event.idea.number}${byViewer(event.idea.viewer_name)} ${quote(event.idea.text, 50)} is made, the streamer shares it next`,
        };
      case 'idea.failed':
        return {
          key: `failed:${event.idea.id}`,
          ideaId: event.idea.id,
          text: `idea #${event.idea.number} could not be made this time`,
        };
      case 'idea.submitted':
      case 'idea.votes':
      case 'idea.rejected':
      case 'idea.generating':
      case 'idea.expired':
        return null;
    }
  }

  async onLiveEvent(owner: UserId, event: LiveEvent): Promise<void> {
    const announcement = ChatAnnouncements.textOf(event);
    if (!announcement) {
      return;
    }
    const channelId = await this.deps.servedChannelOf(owner);
    if (!channelId || !(await this.claim(announcement.key))) {
      return;
    }
    const replyTo = await this.deps.redis.get(redisKeys.chatBotIdeaMessage(announcement.ideaId));
    await this.deps.inbox.add({
      kind: 'announcement',
      twitch_channel_id: channelId,
      reply: { text: fitChat(announcement.text), reply_to_message_id: replyTo, kind: 'announcement' },
    });
  }

  /** Remembers where a `!aura make` job's end is announced. */
  async rememberMakeJob(jobId: string, channelId: string, messageId: string, chatter: string): Promise<void> {
    await this.deps.redis.set(
      redisKeys.chatBotMakeJob(jobId),
      JSON.stringify({ channel_id: channelId, message_id: messageId, chatter }),
      'EX',
      MAKE_JOB_TTL_SECONDS,
    );
  }

  /** A job ended: if a chat command started it, say so there (once: the record is taken). */
  async onJobEnded(job: { job_id: string; status: string; assetIds(): Promise<string[]> }): Promise<void> {
    const stored = await this.deps.redis.getdel(redisKeys.chatBotMakeJob(job.job_id));
    if (!stored) {
      return;
    }
    const origin = JSON.parse(stored) as { channel_id: string; message_id: string; chatter: string };
    const [first] = await job.assetIds();
    const text =
      job.status === 'completed' && first
        ? // new designs are private until the streamer publishes them: the link works from then on
          `@${origin.chatter} ready: ${this.deps.publicAssetUrl(first)} (shows once the streamer publishes it)`
        : `@${origin.chatter} that one could not be made (${job.status})`;
    await this.deps.inbox.add({
      kind: 'announcement',
      twitch_channel_id: origin.channel_id,
      reply: { text: fitChat(text), reply_to_message_id: origin.message_id, kind: 'announcement' },
    });
  }

  private async claim(key: string): Promise<boolean> {
    return (
      (await this.deps.redis.set(redisKeys.chatBotAnnounced(key), '1', 'EX', ANNOUNCED_TTL_SECONDS, 'NX')) === 'OK'
    );
  }
}

function byViewer(name: string | null): string {
  return name ? ` by ${name}` : '';
}
