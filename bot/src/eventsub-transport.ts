import type { ChatReply } from '@aurastream/contract';
import type {
  BotChannel,
  ChatMessageHandler,
  ChatTransport,
  ConnectionState,
  IncomingChatMessage,
  SendOutcome,
} from './chat-transport';
import type { BotServiceClient } from './service-client';
import { sendThroughService } from './service-replies';

/**
 * Twitch's recommended path for bots: `channel.chat.message` reaches the service's EventSub webhook,
 * which hands each message to the bots through the Redis inbox stream (`deliver`); replies go back
 * through the service, which sends them with Helix as the app (Twitch's chat-bot badge). Joining
 * is the service's EventSub subscription, made when the streamer turns the bot on.
 */
export class EventSubTransport implements ChatTransport {
  readonly kind = 'eventsub';
  private readonly handlers: ChatMessageHandler[] = [];
  private readonly stateHandlers: Array<(state: ConnectionState) => void> = [];

  constructor(private readonly deps: { service: BotServiceClient; botUserId: string | null }) {}

  speakerOf(channel: BotChannel): string {
    return channel.speaksAs === 'bot_account' && this.deps.botUserId
      ? this.deps.botUserId
      : `streamer:${channel.twitchChannelId}`;
  }

  onMessage(handler: ChatMessageHandler): void {
    this.handlers.push(handler);
  }

  onStateChange(handler: (state: ConnectionState) => void): void {
    this.stateHandlers.push(handler);
  }

  /** A chat message from the inbox stream. */
  deliver(message: IncomingChatMessage): void {
    for (const handler of this.handlers) {
      handler(message);
    }
  }

  async start(): Promise<void> {
    for (const handler of this.stateHandlers) {
      handler('connected');
    }
  }

  async join(): Promise<void> {
    // the service subscribed when the streamer turned the bot on
  }

  async part(): Promise<void> {
    // the service unsubscribes when the streamer turns the bot off
  }

  send(channel: BotChannel, reply: ChatReply): Promise<SendOutcome> {
    return sendThroughService(this.deps.service, channel, reply);
  }

  async stop(): Promise<void> {
    for (const handler of this.stateHandlers) {
      handler('disconnected');
    }
  }
}
