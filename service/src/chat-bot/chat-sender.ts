import type { ChatReply } from '@aurastream/contract';
import { recordChatDrop, type ChatDropReason } from '../observability/metrics';
import { twitchMessageOf, twitchStatusOf } from '../twitch/errors';
import type { TwitchApiClients } from '../twitch/twitch-api-clients';
import type { Logger } from '../shared/logger';
import type { UserId } from '../users/user.repository';

/** Twitch's drop codes (`msg_ratelimit`, `msg_duplicate`, …, or our `http_<status>`) as the metric's closed set. */
function dropReasonOf(code: string): ChatDropReason {
  if (code === 'msg_duplicate') {
    return 'duplicate';
  }
  if (code === 'msg_too_long') {
    return 'too_long';
  }
  if (code.includes('ratelimit') || code === 'http_429') {
    return 'rate_limit';
  }
  return 'refused';
}

export interface SentReply {
  is_sent: boolean;
  drop_reason: { code: string; message: string } | null;
  message_id: string | null;
}

/**
 * Replies through Helix "Send Chat Message": as the app for the bot account (Twitch shows its
 * chat-bot badge; the bot's `user:bot` and the streamer's `channel:bot` grants apply), or as the
 * streamer with their own connection when no bot account is connected. Twitch's `is_sent` and drop
 * reason are answered as they are; a refusal (401/403) becomes a drop the bot can log.
 */
export class ChatSender {
  constructor(private readonly deps: { clients: TwitchApiClients; logger: Logger }) {}

  async send(
    speaker: { kind: 'bot_account'; botUserId: string } | { kind: 'streamer'; owner: UserId },
    channelId: string,
    reply: ChatReply,
  ): Promise<SentReply> {
    const sent = await this.sendToTwitch(speaker, channelId, reply);
    if (!sent.is_sent) {
      recordChatDrop('reply', dropReasonOf(sent.drop_reason?.code ?? ''));
    }
    return sent;
  }

  private async sendToTwitch(
    speaker: { kind: 'bot_account'; botUserId: string } | { kind: 'streamer'; owner: UserId },
    channelId: string,
    reply: ChatReply,
  ): Promise<SentReply> {
    const params = reply.reply_to_message_id ? { replyParentMessageId: reply.reply_to_message_id } : {};
    try {
      const sent =
        speaker.kind === 'bot_account'
          ? await this.deps.clients.app().chat.sendChatMessageAsApp(speaker.botUserId, channelId, reply.text, params)
          : await (
              await this.deps.clients.forUser(speaker.owner)
            ).api.chat.sendChatMessage(channelId, reply.text, params);
      return {
        is_sent: sent.isSent,
        drop_reason: sent.isSent
          ? null
          : { code: sent.dropReasonCode ?? 'unknown', message: sent.dropReasonMessage ?? 'Twitch dropped the message' },
        message_id: sent.isSent ? sent.id : null,
      };
    } catch (error) {
      const status = twitchStatusOf(error);
      if (status === 401 || status === 403 || status === 422 || status === 429) {
        this.deps.logger.warn({ channelId, status, speaker: speaker.kind }, 'Twitch refused a chat reply');
        return {
          is_sent: false,
          drop_reason: { code: `http_${status}`, message: twitchMessageOf(error) },
          message_id: null,
        };
      }
      throw error;
    }
  }
}
