import type { ChatBadges, ChatReply, ChatTransport as ChatTransportKind } from '@aurastream/contract';

/** A channel the bot serves, as the service lists it. */
export interface BotChannel {
  twitchChannelId: string;
  login: string;
  prefix: string;
  aliases: string[];
  speaksAs: 'bot_account' | 'streamer';
  senderIsModerator: boolean;
}

/** A chat message heard in a served channel. */
export interface IncomingChatMessage {
  twitchChannelId: string;
  messageId: string;
  text: string;
  chatter: { userId: string; login: string; displayName: string; badges: ChatBadges };
}

/** What became of a reply: Twitch's `is_sent` and drop reason where the transport learns them. */
export interface SendOutcome {
  isSent: boolean;
  dropReason: string | null;
}

export type ChatMessageHandler = (message: IncomingChatMessage) => void;
export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

/**
 * How the bot hears and speaks in chat: IRC (`@twurple/chat`), or EventSub with Helix replies
 * through the service. Free of rules: the bot decides what to say, the transport carries it.
 */
export interface ChatTransport {
  readonly kind: ChatTransportKind;
  /** The account whose chat limits apply to replies in this channel (the bot's, or the streamer's). */
  speakerOf(channel: BotChannel): string;
  onMessage(handler: ChatMessageHandler): void;
  onStateChange(handler: (state: ConnectionState) => void): void;
  start(): Promise<void>;
  join(channel: BotChannel): Promise<void>;
  part(channel: BotChannel): Promise<void>;
  send(channel: BotChannel, reply: ChatReply): Promise<SendOutcome>;
  stop(): Promise<void>;
}
