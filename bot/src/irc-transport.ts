import { RefreshingAuthProvider } from '@twurple/auth';
import { ChatClient, type ChatMessage } from '@twurple/chat';
import { twurpleChatTarget } from '@aurastream/config/twitch-endpoints';
import type { BotIdentityResponse, Camelize, ChatReply } from '@aurastream/contract';
import { sleep } from './backoff';
import type { BotChannel, ChatMessageHandler, ChatTransport, ConnectionState, SendOutcome } from './chat-transport';
import type { JoinPacer } from './join-pacer';
import type { BotLogger } from './logger';
import type { BotServiceClient } from './service-client';
import { sendThroughService } from './service-replies';

type BotAccount = NonNullable<Camelize<BotIdentityResponse>['account']>;

export interface IrcTransportOptions {
  /** `TWITCH_CHAT_URL`: Twitch's, or the fake's `ws://127.0.0.1:<port>`. */
  chatUrl: string;
  clientId: string;
  clientSecret: string;
  /**
   * twurple's own per-process message limiter, kept as a backstop of the account's window: `none`
   * 100 per 30 s (the Redis reply queue keeps every process within Twitch's limits, tighter where
   * the bot is not a moderator); `verified` for a verified bot.
   */
  botLevel?: 'none' | 'verified';
  /** The bot account (tokens from the service); null: read chat as a guest, reply as each streamer. */
  account: BotAccount | null;
  service: BotServiceClient;
  joins: JoinPacer;
  logger: BotLogger;
  /** Twitch refused the bot account's token (refresh failed or the login was refused). */
  onIdentityRevoked(reason: string): void;
}

function chatterOf(message: ChatMessage) {
  const user = message.userInfo;
  return {
    userId: user.userId,
    login: user.userName,
    displayName: user.displayName,
    badges: {
      broadcaster: user.isBroadcaster,
      moderator: user.isMod || user.isLeadMod,
      vip: user.isVip,
      subscriber: user.isSubscriber || user.isFounder,
    },
  };
}

/**
 * Twitch chat over IRC through `@twurple/chat`: needs no inbound URL (self-hosted installs,
 * development, the simulated Twitch). With a bot account it logs in as that account through a
 * RefreshingAuthProvider (refreshed tokens go back to the service, encrypted there) and speaks
 * with `say`, threading with `reply-parent-msg-id`; without one it reads as a guest and replies
 * through the service as the streamer. twurple reconnects with back-off and rejoins; JOINs are paced
 * within Twitch's 20 per 10 s for the account across processes.
 */
export class IrcTransport implements ChatTransport {
  readonly kind = 'irc';
  private readonly chat: ChatClient;
  private readonly handlers: ChatMessageHandler[] = [];
  private readonly stateHandlers: Array<(state: ConnectionState) => void> = [];
  private readonly joined = new Set<string>();
  /**
   * Logged in (IRC registration done). twurple holds JOINs asked before then and, once registered,
   * lets one of them go at once and the rest one per 11 s; so channels are joined only from here on.
   */
  private registered = false;
  private stopped = false;

  constructor(private readonly options: IrcTransportOptions) {
    const { account } = options;
    let authProvider: RefreshingAuthProvider | undefined;
    if (account) {
      authProvider = new RefreshingAuthProvider({ clientId: options.clientId, clientSecret: options.clientSecret });
      authProvider.addUser(
        account.userId,
        {
          accessToken: account.accessToken,
          refreshToken: account.refreshToken,
          scope: account.scopes,
          expiresIn: account.expiresAt
            ? Math.max(0, Math.floor((Date.parse(account.expiresAt) - Date.now()) / 1000))
            : null,
          obtainmentTimestamp: Date.now(),
        },
        ['chat'],
      );
      authProvider.onRefresh((userId, token) => {
        options.service.bot
          .saveTokens({
            body: {
              userId,
              accessToken: token.accessToken,
              refreshToken: token.refreshToken,
              expiresAt: token.expiresIn
                ? new Date(token.obtainmentTimestamp + token.expiresIn * 1000).toISOString()
                : null,
              scopes: token.scope,
            },
          })
          .catch((error: unknown) => options.logger.warn({ err: error }, 'could not store the refreshed bot tokens'));
      });
      authProvider.onRefreshFailure((_userId, error) => options.onIdentityRevoked(`refresh refused: ${error.message}`));
    }
    this.chat = new ChatClient({
      authProvider,
      ...twurpleChatTarget(options.chatUrl),
      // rejoined here instead, through the JOIN pacer (twurple's own rejoin would not be counted)
      rejoinChannelsOnReconnect: false,
      botLevel: options.botLevel ?? 'none',
      // the reply queue paces each channel (with its moderator standing) across every process;
      // twurple's own 1.2 s per channel, blind to both, would only hold replies back a second time
      isAlwaysMod: true,
      logger: { minLevel: 'critical' },
    });
    this.chat.onMessage((_channel, _user, text, message) => {
      const channelId = message.channelId;
      if (!channelId) {
        return;
      }
      for (const handler of this.handlers) {
        handler({ twitchChannelId: channelId, messageId: message.id, text, chatter: chatterOf(message) });
      }
    });
    this.chat.onConnect(() => this.emitState('connected'));
    this.chat.onAuthenticationSuccess(() => {
      this.registered = true;
      for (const login of this.joined) {
        this.joinPaced(login).catch((error: unknown) => options.logger.warn({ err: error, login }, 'could not join'));
      }
    });
    this.chat.onDisconnect((manually, reason) => {
      // twurple drops the JOINs it held; the next registration joins every channel again
      this.registered = false;
      this.emitState('disconnected');
      if (!manually) {
        options.logger.warn({ err: reason }, 'chat connection lost; reconnecting');
      }
    });
    this.chat.onAuthenticationFailure((text) => {
      options.onIdentityRevoked(`Twitch chat refused the login: ${text}`);
    });
    this.chat.onMessageRatelimit((channel) => options.logger.warn({ channel }, 'Twitch dropped a reply (rate limit)'));
  }

  speakerOf(channel: BotChannel): string {
    return this.options.account && channel.speaksAs === 'bot_account'
      ? this.options.account.userId
      : `streamer:${channel.twitchChannelId}`;
  }

  onMessage(handler: ChatMessageHandler): void {
    this.handlers.push(handler);
  }

  onStateChange(handler: (state: ConnectionState) => void): void {
    this.stateHandlers.push(handler);
  }

  async start(): Promise<void> {
    this.emitState('connecting');
    this.chat.connect();
  }

  async join(channel: BotChannel): Promise<void> {
    this.joined.add(channel.login);
    if (this.registered) {
      await this.joinPaced(channel.login);
    }
  }

  /** JOINs within Twitch's 20 per 10 s for the account, counted across every bot process. */
  private async joinPaced(login: string): Promise<void> {
    const account = this.options.account?.userId ?? 'guest';
    for (let wait = await this.options.joins.take(account); wait > 0; wait = await this.options.joins.take(account)) {
      if (this.stopped) {
        return;
      }
      await sleep(wait);
    }
    // a connection lost while waiting: the next registration joins it
    if (this.joined.has(login) && this.registered && !this.stopped) {
      await this.chat.join(login);
    }
  }

  async part(channel: BotChannel): Promise<void> {
    this.joined.delete(channel.login);
    if (this.chat.isConnected) {
      this.chat.part(channel.login);
    }
  }

  async send(channel: BotChannel, reply: ChatReply): Promise<SendOutcome> {
    if (!this.options.account || channel.speaksAs !== 'bot_account') {
      return sendThroughService(this.options.service, channel, reply);
    }
    await this.chat.say(
      channel.login,
      reply.text,
      reply.reply_to_message_id ? { replyTo: reply.reply_to_message_id } : {},
    );
    // IRC answers nothing per message; a drop arrives as a NOTICE (logged above)
    return { isSent: true, dropReason: null };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.chat.quit();
  }

  private emitState(state: ConnectionState): void {
    for (const handler of this.stateHandlers) {
      handler(state);
    }
  }
}
