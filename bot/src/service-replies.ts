import type { ChatReply } from '@aurastream/contract';
import type { BotChannel, SendOutcome } from './chat-transport';
import type { BotServiceClient } from './service-client';

/**
 * Replies through the service's Helix "Send Chat Message" (as the app for the bot account, or as
 * the streamer): the bot never holds a streamer's token. Answers Twitch's `is_sent` and drop reason.
 */
export async function sendThroughService(
  service: BotServiceClient,
  channel: BotChannel,
  reply: ChatReply,
): Promise<SendOutcome> {
  const sent = await service.bot.sendReply({
    body: {
      twitchChannelId: channel.twitchChannelId,
      reply: { text: reply.text, replyToMessageId: reply.reply_to_message_id, kind: reply.kind },
    },
  });
  return {
    isSent: sent.isSent,
    dropReason: sent.dropReason ? `${sent.dropReason.code}: ${sent.dropReason.message}` : null,
  };
}
