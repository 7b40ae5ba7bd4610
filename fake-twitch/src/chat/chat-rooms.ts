import type { ChatBadge, ChatReply, FakeChatMessage } from '../eventsub/events';
import type { DeliveryOptions } from '../eventsub/webhook-delivery';
import type { FakeClock } from '../world/clock';
import { appendBounded, LOG_LIMIT } from '../world/bounded-log';
import { uuid } from '../world/ids';
import type { FakeTwitchUser } from '../world/types';
import type { FakeWorld } from '../world/world';

/** How a message reached the fake: IRC (`ChatClient`), Helix "Send Chat Message", or the control API. */
export type ChatVia = 'irc' | 'helix' | 'control';

/** One line of a channel's chat, sent or dropped, as tests read it back. */
export interface FakeChatLogEntry {
  id: string;
  channel: string;
  channel_id: string;
  user_id: string;
  user_login: string;
  display_name: string;
  text: string;
  badges: ChatBadge[];
  reply_parent_msg_id: string | null;
  via: ChatVia;
  sent_at: string;
  sent: boolean;
  /** Twitch's reason code when dropped (`msg_ratelimit`, `msg_duplicate`, `msg_too_long`). */
  drop_reason: string | null;
}

export interface ChatLimits {
  /** Messages per 30 s for a sender who is not broadcaster or moderator of the channel (Twitch: 20). */
  messagesPer30s: number;
  /** Messages per 30 s where the sender is broadcaster or moderator (Twitch: 100). */
  privilegedMessagesPer30s: number;
  /** JOINs per 10 s per account (Twitch: 20). */
  joinsPer10s: number;
  /** Twitch's limit per message (500). */
  maxMessageLength: number;
}

export const twitchChatLimits: ChatLimits = {
  messagesPer30s: 20,
  privilegedMessagesPer30s: 100,
  joinsPer10s: 20,
  maxMessageLength: 500,
};

export interface PostRequest {
  channel: FakeTwitchUser;
  sender: FakeTwitchUser;
  text: string;
  via: ChatVia;
  replyParentId?: string | null;
  /** Apply Twitch's sending limits (the control API skips them: it plays other people). */
  enforceLimits?: boolean;
  /** Identifies the IRC connection that sent it, which Twitch does not echo the message to. */
  origin?: unknown;
  /** How the EventSub `channel.chat.message` notifications of this message depart from the rules (tests). */
  delivery?: DeliveryOptions;
}

export type PostResult =
  | { sent: true; message: FakeChatMessage }
  | { sent: false; code: 'msg_ratelimit' | 'msg_duplicate' | 'msg_too_long'; text: string };

export type ChatListener = (message: FakeChatMessage, origin: unknown, delivery: DeliveryOptions) => void;

const WINDOW_MS = 30_000;
const PER_CHANNEL_GAP_MS = 1000;

const dropTexts = {
  msg_ratelimit: 'Your message was not sent because you are sending messages too quickly.',
  msg_duplicate:
    'Your message was not sent because it is identical to the previous one you sent, less than 30 seconds ago.',
  msg_too_long: 'Your message was not sent because it is longer than 500 characters.',
} as const;

/**
 * Chat rooms shared by both transports: Twitch's sending limits, badges from the channel roles, reply
 * threads, the log tests read, and listeners (IRC connections, EventSub `channel.chat.message`).
 */
export class ChatRooms {
  readonly log: FakeChatLogEntry[] = [];
  private readonly messages = new Map<string, FakeChatMessage>();
  private readonly listeners = new Set<ChatListener>();
  private readonly logListeners = new Set<(entry: FakeChatLogEntry) => void>();
  /** sender id → times of their accepted messages in the last 30 s (every channel). */
  private readonly sentTimes = new Map<string, { at: number; channelId: string; text: string }[]>();

  constructor(
    private readonly world: FakeWorld,
    private readonly clock: FakeClock,
    readonly limits: ChatLimits,
  ) {}

  onMessage(listener: ChatListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Hears every line as it is logged, sent or dropped (benchmarks wait on it instead of polling). */
  onLog(listener: (entry: FakeChatLogEntry) => void): () => void {
    this.logListeners.add(listener);
    return () => this.logListeners.delete(listener);
  }

  badgesOf(channelId: string, userId: string): ChatBadge[] {
    const tier = this.world.rolesOf(channelId).subscribers[userId];
    return this.world.channelRoles(channelId, userId).flatMap((role): ChatBadge[] => {
      switch (role) {
        case 'broadcaster':
          return [{ set_id: 'broadcaster', id: '1', info: '' }];
        case 'moderator':
          return [{ set_id: 'moderator', id: '1', info: '' }];
        case 'vip':
          return [{ set_id: 'vip', id: '1', info: '' }];
        case 'subscriber':
          return [{ set_id: 'subscriber', id: tier === '1000' || !tier ? '0' : tier, info: '1' }];
        case 'viewer':
          return [];
      }
    });
  }

  /** The IRC tags describing a user in a channel (PRIVMSG and USERSTATE). */
  userTags(channelId: string, user: FakeTwitchUser): Record<string, string> {
    const badges = this.badgesOf(channelId, user.id);
    const roles = this.world.channelRoles(channelId, user.id);
    const subscriber = badges.find((badge) => badge.set_id === 'subscriber');
    return {
      'badge-info': subscriber ? `subscriber/${subscriber.info}` : '',
      badges: badges.map((badge) => `${badge.set_id}/${badge.id}`).join(','),
      color: this.world.colorOf(user.id),
      'display-name': user.display_name,
      mod: roles.includes('moderator') ? '1' : '0',
      subscriber: subscriber ? '1' : '0',
      'user-type': roles.includes('moderator') ? 'mod' : '',
      ...(roles.includes('vip') ? { vip: '1' } : {}),
    };
  }

  /** Broadcaster and moderators get Twitch's higher limits and skip the duplicate and 1-per-second rules. */
  isPrivileged(channelId: string, userId: string): boolean {
    return channelId === userId || this.world.isModerator(channelId, userId);
  }

  post(request: PostRequest): PostResult {
    const { channel, sender } = request;
    const now = this.clock.now();
    const refusal = this.refusal(request, now);
    const entry: FakeChatLogEntry = {
      id: refusal ? '' : uuid(),
      channel: channel.login,
      channel_id: channel.id,
      user_id: sender.id,
      user_login: sender.login,
      display_name: sender.display_name,
      text: request.text,
      badges: this.badgesOf(channel.id, sender.id),
      reply_parent_msg_id: request.replyParentId ?? null,
      via: request.via,
      sent_at: new Date(now).toISOString(),
      sent: !refusal,
      drop_reason: refusal,
    };
    appendBounded(this.log, entry);
    this.logListeners.forEach((listener) => listener(entry));
    if (refusal) {
      return { sent: false, code: refusal, text: dropTexts[refusal] };
    }
    const times = this.sentTimes.get(sender.id) ?? [];
    times.push({ at: now, channelId: channel.id, text: request.text });
    this.sentTimes.set(sender.id, times);
    const message: FakeChatMessage = {
      id: entry.id,
      broadcaster: channel,
      chatter: sender,
      text: request.text,
      badges: entry.badges,
      color: this.world.colorOf(sender.id),
      reply: this.replyTo(channel.id, request.replyParentId ?? null),
      sentAt: now,
    };
    this.messages.set(message.id, message);
    // replies reach back a while, not forever
    if (this.messages.size > LOG_LIMIT) {
      this.messages.delete(this.messages.keys().next().value as string);
    }
    this.listeners.forEach((listener) => listener(message, request.origin, request.delivery ?? {}));
    return { sent: true, message };
  }

  private refusal(request: PostRequest, now: number): keyof typeof dropTexts | null {
    if ([...request.text].length > this.limits.maxMessageLength) {
      return 'msg_too_long';
    }
    if (request.enforceLimits === false) {
      return null;
    }
    const { channel, sender } = request;
    const recent = (this.sentTimes.get(sender.id) ?? []).filter((sent) => sent.at > now - WINDOW_MS);
    this.sentTimes.set(sender.id, recent);
    const privileged = this.isPrivileged(channel.id, sender.id);
    const limit = privileged ? this.limits.privilegedMessagesPer30s : this.limits.messagesPer30s;
    if (recent.length >= limit) {
      return 'msg_ratelimit';
    }
    if (privileged) {
      return null;
    }
    const inChannel = recent.filter((sent) => sent.channelId === channel.id);
    const last = inChannel[inChannel.length - 1];
    if (last && last.at > now - PER_CHANNEL_GAP_MS) {
      return 'msg_ratelimit';
    }
    if (last && last.text === request.text) {
      return 'msg_duplicate';
    }
    return null;
  }

  private replyTo(channelId: string, parentId: string | null): ChatReply | null {
    const parent = parentId ? this.messages.get(parentId) : undefined;
    if (!parent || parent.broadcaster.id !== channelId) {
      return null;
    }
    const threadId = parent.reply?.thread_message_id ?? parent.id;
    const thread = this.messages.get(threadId) ?? parent;
    return {
      parent_message_id: parent.id,
      parent_message_body: parent.text,
      parent_user_id: parent.chatter.id,
      parent_user_name: parent.chatter.display_name,
      parent_user_login: parent.chatter.login,
      thread_message_id: thread.id,
      thread_user_id: thread.chatter.id,
      thread_user_name: thread.chatter.display_name,
      thread_user_login: thread.chatter.login,
    };
  }

  message(id: string): FakeChatMessage | undefined {
    return this.messages.get(id);
  }
}
