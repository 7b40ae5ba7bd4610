import type { FakeRedemption } from '../world/rewards';
import type { FakeTwitchUser } from '../world/types';

/** `channel.channel_points_custom_reward_redemption.add` / `.update`: the redemption, status in lower case. */
export function redemptionEvent(redemption: FakeRedemption) {
  return {
    id: redemption.id,
    broadcaster_user_id: redemption.broadcaster_id,
    broadcaster_user_login: redemption.broadcaster_login,
    broadcaster_user_name: redemption.broadcaster_name,
    user_id: redemption.user_id,
    user_login: redemption.user_login,
    user_name: redemption.user_name,
    user_input: redemption.user_input,
    status: redemption.status.toLowerCase(),
    reward: {
      id: redemption.reward.id,
      title: redemption.reward.title,
      cost: redemption.reward.cost,
      prompt: redemption.reward.prompt,
    },
    redeemed_at: redemption.redeemed_at,
  };
}

/** `user.authorization.revoke` / `.grant`. Twitch sends null login and name when the account is gone. */
export function authorizationEvent(clientId: string, user: FakeTwitchUser | null, userId: string) {
  return {
    client_id: clientId,
    user_id: userId,
    user_login: user?.login ?? null,
    user_name: user?.display_name ?? null,
  };
}

export interface ChatBadge {
  set_id: string;
  id: string;
  info: string;
}

export interface ChatReply {
  parent_message_id: string;
  parent_message_body: string;
  parent_user_id: string;
  parent_user_name: string;
  parent_user_login: string;
  thread_message_id: string;
  thread_user_id: string;
  thread_user_name: string;
  thread_user_login: string;
}

/** A chat message as both transports know it. */
export interface FakeChatMessage {
  id: string;
  broadcaster: FakeTwitchUser;
  chatter: FakeTwitchUser;
  text: string;
  badges: ChatBadge[];
  color: string;
  reply: ChatReply | null;
  sentAt: number;
}

type Fragment =
  | { type: 'text'; text: string; cheermote: null; emote: null; mention: null }
  | {
      type: 'mention';
      text: string;
      cheermote: null;
      emote: null;
      mention: { user_id: string; user_name: string; user_login: string };
    };

/** Splits the text into Twitch's fragments: `@login` of a known user is a mention, the rest text. */
function fragmentsOf(text: string, findUser: (login: string) => FakeTwitchUser | undefined): Fragment[] {
  const fragments: Fragment[] = [];
  let pending = '';
  for (const piece of text.split(/(@\w+)/)) {
    const user = piece.startsWith('@') ? findUser(piece.slice(1)) : undefined;
    if (user) {
      if (pending) {
        fragments.push({ type: 'text', text: pending, cheermote: null, emote: null, mention: null });
        pending = '';
      }
      fragments.push({
        type: 'mention',
        text: piece,
        cheermote: null,
        emote: null,
        mention: { user_id: user.id, user_name: user.display_name, user_login: user.login },
      });
    } else {
      pending += piece;
    }
  }
  if (pending) {
    fragments.push({ type: 'text', text: pending, cheermote: null, emote: null, mention: null });
  }
  return fragments;
}

/** `channel.chat.message` v1. */
export function chatMessageEvent(message: FakeChatMessage, findUser: (login: string) => FakeTwitchUser | undefined) {
  return {
    broadcaster_user_id: message.broadcaster.id,
    broadcaster_user_login: message.broadcaster.login,
    broadcaster_user_name: message.broadcaster.display_name,
    chatter_user_id: message.chatter.id,
    chatter_user_login: message.chatter.login,
    chatter_user_name: message.chatter.display_name,
    message_id: message.id,
    message: { text: message.text, fragments: fragmentsOf(message.text, findUser) },
    message_type: 'text',
    badges: message.badges,
    cheer: null,
    color: message.color,
    reply: message.reply,
    channel_points_custom_reward_id: null,
    source_broadcaster_user_id: null,
    source_broadcaster_user_login: null,
    source_broadcaster_user_name: null,
    source_message_id: null,
    source_badges: null,
    is_source_only: null,
  };
}
