import type { ChatBadges } from '@aurastream/contract';
import {
  ignored,
  processed,
  type DesiredSubscription,
  type EventSubNotification,
  type EventSubHandling,
} from '../eventsub/eventsub-dispatcher';
import type { ChatInbox } from './chat-inbox';

export const CHAT_MESSAGE_SUBSCRIPTION = { type: 'channel.chat.message', version: '1' } as const;

export function chatSubscription(broadcasterId: string, readerId: string): DesiredSubscription {
  return { ...CHAT_MESSAGE_SUBSCRIPTION, condition: { broadcaster_user_id: broadcasterId, user_id: readerId } };
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

function badgesOf(event: Record<string, unknown>): ChatBadges {
  const sets = new Set(
    (Array.isArray(event.badges) ? event.badges : []).map((badge) => str((badge as { set_id?: unknown }).set_id)),
  );
  return {
    broadcaster: sets.has('broadcaster') || str(event.chatter_user_id) === str(event.broadcaster_user_id),
    moderator: sets.has('moderator'),
    vip: sets.has('vip'),
    subscriber: sets.has('subscriber') || sets.has('founder'),
  };
}

/**
 * `channel.chat.message` notifications into the bots' inbox stream. The bot's own messages (and,
 * without a bot account, the streamer's replies sent by the bot) come back through EventSub too:
 * those are not commands, which the service tells when it runs them.
 */
export function handleChatMessage(deps: {
  inbox: ChatInbox;
  /** Whether the bot serves the channel now (an old subscription may outlive the switch). */
  serves(channelId: string): Promise<boolean>;
  botUserId(): Promise<string | null>;
}) {
  return async (notification: EventSubNotification): Promise<EventSubHandling> => {
    const event = notification.event;
    const channelId = str(event.broadcaster_user_id);
    const message = (event.message ?? {}) as { text?: unknown };
    if (!channelId || !str(event.message_id) || !(await deps.serves(channelId))) {
      return ignored('the bot does not serve this channel');
    }
    if (str(event.chatter_user_id) === (await deps.botUserId())) {
      return ignored('the bot’s own message');
    }
    await deps.inbox.add({
      kind: 'message',
      twitch_channel_id: channelId,
      message_id: str(event.message_id),
      text: str(message.text),
      chatter: {
        user_id: str(event.chatter_user_id),
        login: str(event.chatter_user_login),
        display_name: str(event.chatter_user_name) || str(event.chatter_user_login),
        badges: badgesOf(event),
      },
    });
    return processed;
  };
}
