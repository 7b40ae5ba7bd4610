import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import { aimTwurple } from '@aurastream/config/twitch-endpoints';
import {
  chatBotChannelSwitchSchema,
  chatBotRedisKeys,
  type ChatBotInboxEntry,
  type ChatReply,
} from '@aurastream/contract';
import { backoffDelay, sleep } from './backoff';
import { ChannelLeases } from './channel-leases';
import type { BotChannel, ChatTransport, IncomingChatMessage } from './chat-transport';
import { systemClock, type Clock } from './clock';
import { CommandRelay } from './command-relay';
import { EventSubTransport } from './eventsub-transport';
import { InboxConsumer } from './inbox-consumer';
import { IrcTransport } from './irc-transport';
import { JoinPacer } from './join-pacer';
import type { BotLogger } from './logger';
import { ReplyDrainer } from './reply-drainer';
import { ReplyQueue, type ChatLimits } from './reply-queue';
import { createBotServiceClient, type BotServiceClient } from './service-client';

export interface AuraStreamBotOptions {
  /** The service API's origin, e.g. `http://localhost:8080`. */
  serviceUrl: string;
  /** The bot's service credential (`aura_svc_…`). */
  credential: string;
  redisUrl: string;
  /** `REDIS_KEY_PREFIX`: the service's, so both see the same keys. */
  keyPrefix: string;
  twitch: { clientId: string; clientSecret: string; chatUrl: string; authBaseUrl: string; helixBaseUrl: string };
  /** How long a channel lease lasts without renewal (`BOT_LEASE_SECONDS`). */
  leaseMs: number;
  logger: BotLogger;
  /** How often the channel list is read again besides the switches heard on pub/sub. */
  channelRefreshMs?: number;
  clock?: Clock;
  /** Chat limits other than Twitch's (a verified bot's, in the benchmark). */
  limits?: { moderator: ChatLimits; regular: ChatLimits };
  /** Told of each reply sent. */
  onSent?: (channel: BotChannel, reply: ChatReply, isSent: boolean) => void;
}

/**
 * The chat bot process: serves the channels whose streamers turned the bot on, shared with the
 * other bot processes by leases, hears commands through one of two transports and relays them to
 * the service, and sends the answers within Twitch's chat limits. It holds no rule of its own.
 */
export class AuraStreamBot {
  readonly id = `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
  private readonly redis: Redis;
  private readonly inboxRedis: Redis;
  private readonly switchRedis: Redis;
  private readonly service: BotServiceClient;
  private readonly queue: ReplyQueue;
  private readonly leases: ChannelLeases;
  private readonly joins: JoinPacer;
  private readonly relay: CommandRelay;
  private readonly drainer: ReplyDrainer;
  private readonly inbox: InboxConsumer;
  private transport: ChatTransport | null = null;
  private channels = new Map<string, BotChannel>();
  /** The channels the current transport was asked to join: a new transport starts with none. */
  private joined = new Set<string>();
  private timers: Array<ReturnType<typeof setInterval>> = [];
  private stopped = false;
  private restartingTransport: Promise<void> | null = null;

  constructor(private readonly options: AuraStreamBotOptions) {
    const clock = options.clock ?? systemClock;
    aimTwurple({ ...options.twitch });
    const redisOptions = { keyPrefix: options.keyPrefix, maxRetriesPerRequest: 2, enableOfflineQueue: true };
    // commands issued in one tick (many channels' relays and takes at once) go out in one write
    this.redis = new Redis(options.redisUrl, { ...redisOptions, enableAutoPipelining: true });
    this.inboxRedis = new Redis(options.redisUrl, { ...redisOptions, maxRetriesPerRequest: null });
    this.switchRedis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
    for (const connection of [this.redis, this.inboxRedis, this.switchRedis]) {
      connection.on('error', (error: Error) => options.logger.debug({ err: error }, 'redis connection error'));
    }
    this.service = createBotServiceClient({ baseUrl: options.serviceUrl, credential: options.credential });
    this.queue = new ReplyQueue(this.redis, clock);
    this.leases = new ChannelLeases(this.redis, { holder: this.id, leaseMs: options.leaseMs, clock });
    this.joins = new JoinPacer(this.redis, clock);
    this.drainer = new ReplyDrainer({
      queue: this.queue,
      transport: () => this.requireTransport(),
      heldChannels: () => this.heldChannels(),
      limits: options.limits,
      logger: options.logger,
      onSent: options.onSent,
    });
    this.relay = new CommandRelay({
      redis: this.redis,
      service: this.service,
      queue: this.queue,
      logger: options.logger,
      sendDirectly: async (channel, reply) => {
        await this.requireTransport().send(channel, reply);
      },
      queued: (channelId) => {
        const channel = this.channels.get(channelId);
        if (channel && this.leases.holds(channelId)) {
          this.drainer.kick(channel);
        }
      },
    });
    this.inbox = new InboxConsumer({
      redis: this.inboxRedis,
      consumer: this.id,
      handle: (entry) => this.handleInbox(entry),
      logger: options.logger,
    });
  }

  /** Starts serving: waits for the service, then connects chat and takes its share of the channels. */
  async start(): Promise<void> {
    await this.startTransport();
    this.switchRedis.on('message', (_channel: string, message: string) => this.onSwitch(message));
    await this.switchRedis.subscribe(`${this.options.keyPrefix}${chatBotRedisKeys.channelSwitch()}`);
    this.inbox.start();
    this.drainer.start();
    await this.refreshChannels();
    this.every(Math.max(500, Math.floor(this.options.leaseMs / 3)), () => this.rebalance());
    this.every(this.options.channelRefreshMs ?? 60_000, () => this.refreshChannels());
  }

  /** A clean stop: leases are released, so other processes take the channels over at once. */
  async stop(): Promise<void> {
    await this.halt();
    await this.leases.releaseAll().catch(() => undefined);
    await this.closeRedis();
  }

  /** Stops as if the process died: leases stay until they expire (tests of the take-over). */
  async kill(): Promise<void> {
    await this.halt();
    this.leases.forgetAll();
    await this.closeRedis();
  }

  heldChannels(): BotChannel[] {
    return this.leases.heldChannels().flatMap((id) => this.channels.get(id) ?? []);
  }

  get transportKind(): ChatTransport['kind'] | null {
    return this.transport?.kind ?? null;
  }

  private async halt(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) {
      clearInterval(timer);
    }
    this.drainer.stop();
    await this.inbox.stop();
    await this.transport?.stop();
  }

  private async closeRedis(): Promise<void> {
    await Promise.all([this.redis, this.inboxRedis, this.switchRedis].map((c) => c.quit().catch(() => c.disconnect())));
  }

  private every(ms: number, task: () => Promise<void>): void {
    const timer = setInterval(() => {
      task().catch((error: unknown) => this.options.logger.warn({ err: error }, 'a bot task failed'));
    }, ms);
    timer.unref();
    this.timers.push(timer);
  }

  private requireTransport(): ChatTransport {
    if (!this.transport) {
      throw new Error('the chat transport is not started');
    }
    return this.transport;
  }

  /** Reads the identity (waiting for the service with back-off) and connects the transport it names. */
  private async startTransport(): Promise<void> {
    let identity;
    for (let attempt = 0; ; attempt += 1) {
      try {
        identity = await this.service.bot.identity();
        break;
      } catch (error) {
        if (this.stopped) {
          return;
        }
        this.options.logger.warn({ err: error }, 'the service is not answering yet; retrying');
        await sleep(backoffDelay(attempt, { maxMs: 10_000 }));
      }
    }
    const { twitch, logger } = this.options;
    const transport: ChatTransport =
      identity.transport === 'irc'
        ? new IrcTransport({
            chatUrl: twitch.chatUrl,
            clientId: twitch.clientId,
            clientSecret: twitch.clientSecret,
            account: identity.account,
            service: this.service,
            joins: this.joins,
            logger,
            onIdentityRevoked: (reason) => this.onIdentityRevoked(reason),
            botLevel: (this.options.limits?.regular.messagesPerWindow ?? 0) > 100 ? 'verified' : 'none',
          })
        : new EventSubTransport({ service: this.service, botUserId: identity.account?.userId ?? null });
    transport.onMessage((message) => this.onMessage(message));
    this.transport = transport;
    this.joined = new Set();
    await transport.start();
    logger.info({ transport: transport.kind, account: identity.account?.login ?? null }, 'chat bot connected');
  }

  private onMessage(message: IncomingChatMessage): void {
    const channel = this.channels.get(message.twitchChannelId);
    // any process in the channel may relay (during a hand-over two are): the message id is taken once
    if (!channel) {
      return;
    }
    this.relay.relay(channel, message).catch((error: unknown) => {
      this.options.logger.warn({ err: error, channel: channel.login }, 'relaying a chat message failed');
    });
  }

  private async handleInbox(entry: ChatBotInboxEntry): Promise<void> {
    const channel = this.channels.get(entry.twitch_channel_id);
    if (!channel) {
      await this.refreshChannels();
    }
    const known = this.channels.get(entry.twitch_channel_id);
    if (!known) {
      return;
    }
    if (entry.kind === 'announcement') {
      await this.relay.announce(known, entry.reply);
    } else if (this.transport instanceof EventSubTransport) {
      this.transport.deliver({
        twitchChannelId: entry.twitch_channel_id,
        messageId: entry.message_id,
        text: entry.text,
        chatter: {
          userId: entry.chatter.user_id,
          login: entry.chatter.login,
          displayName: entry.chatter.display_name,
          badges: entry.chatter.badges,
        },
      });
    }
  }

  private onSwitch(message: string): void {
    const parsed = chatBotChannelSwitchSchema.safeParse(JSON.parse(message));
    if (!parsed.success) {
      return;
    }
    const channel = this.channels.get(parsed.data.twitch_channel_id);
    if (!parsed.data.enabled && channel) {
      // leave at once; the list read below agrees
      this.channels.delete(channel.twitchChannelId);
    }
    this.refreshChannels().catch((error: unknown) =>
      this.options.logger.warn({ err: error }, 'could not read the channels'),
    );
  }

  /** Reads the channels to serve from the service, then takes or lets go of leases accordingly. */
  private async refreshChannels(): Promise<void> {
    try {
      const { channels } = await this.service.bot.channels();
      this.channels = new Map(channels.map((channel) => [channel.twitchChannelId, channel]));
    } catch (error) {
      // the service is away: keep serving the channels known, so commands hear it is restarting
      this.options.logger.warn({ err: error }, 'could not read the channels to serve');
    }
    await this.rebalance();
  }

  private async rebalance(): Promise<void> {
    // this pass's transport and what it joined: a pass that outlives its transport (the identity
    // switched while it waited) joins nothing more, and never marks a channel joined for the new one
    const { transport, joined } = this;
    if (this.stopped || !transport) {
      return;
    }
    const wanted = [...this.channels.keys()];
    const current = () => this.transport === transport && !this.stopped;
    try {
      await this.leases.balance(wanted);
    } catch (error) {
      this.options.logger.warn({ err: error }, 'could not renew channel leases (Redis away?)');
    }
    const held = new Set(this.leases.heldChannels());
    for (const login of [...joined]) {
      const channel = [...this.channels.values()].find((c) => c.login === login);
      if (current() && (!channel || !held.has(channel.twitchChannelId))) {
        joined.delete(login);
        await transport.part(channel ?? ({ login } as BotChannel)).catch(() => undefined);
      }
    }
    for (const channel of this.heldChannels()) {
      if (current() && !joined.has(channel.login)) {
        joined.add(channel.login);
        transport.join(channel).catch((error: unknown) => {
          joined.delete(channel.login);
          this.options.logger.warn({ err: error, channel: channel.login }, 'could not join a channel');
        });
      }
    }
    if (held.size > 0) {
      await this.service.bot.presence({ body: { twitchChannelIds: [...held] } }).catch(() => undefined);
    }
  }

  /** The bot account's token was refused: the service is told, and chat reconnects as it now says. */
  private onIdentityRevoked(reason: string): void {
    if (this.restartingTransport || this.stopped) {
      return;
    }
    this.options.logger.warn({ reason }, 'Twitch refused the bot account’s token');
    this.restartingTransport = (async () => {
      await this.service.bot.reportIdentityRevoked({ body: { reason } }).catch(() => undefined);
      await this.transport?.stop();
      this.transport = null;
      await this.startTransport();
      await this.refreshChannels();
    })()
      .catch((error: unknown) => this.options.logger.error({ err: error }, 'could not reconnect chat'))
      .finally(() => {
        this.restartingTransport = null;
      });
  }
}
