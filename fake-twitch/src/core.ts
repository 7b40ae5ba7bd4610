import { ChatRooms, twitchChatLimits } from './chat/chat-rooms';
import { ChatServer } from './chat/chat-server';
import { EventSub } from './eventsub/eventsub';
import { authorizationEvent, chatMessageEvent, redemptionEvent } from './eventsub/events';
import type { EventSubDelivery } from './eventsub/webhook-delivery';
import { ExtensionPubSub } from './helix/extension-handlers';
import { HelixRateLimiter } from './http/rate-limit';
import { AppRegistry, newApp, newExtension, type FakeTwitchExtension } from './oauth/apps';
import { TokenStore } from './oauth/tokens';
import { resolveOptions, type FakeTwitchOptions, type ResolvedOptions } from './options';
import { systemClock, type FakeClock } from './world/clock';
import { readFixtures, writeFixtures, type Fixtures } from './world/fixtures-file';
import { RewardStore, type FakeRedemption } from './world/rewards';
import { FakeWorld } from './world/world';

/**
 * Everything the fake knows, wired together: accounts, apps and tokens, rewards, EventSub, chat,
 * Extension PubSub and the Helix rate limiter. Handlers, triggers and the facade share it.
 */
export class FakeTwitchCore {
  readonly options: ResolvedOptions;
  readonly clock: FakeClock;
  readonly world: FakeWorld;
  readonly apps: AppRegistry;
  readonly extension: FakeTwitchExtension;
  readonly tokens: TokenStore;
  readonly rewards: RewardStore;
  readonly eventSub: EventSub;
  readonly rooms: ChatRooms;
  readonly chatServer: ChatServer;
  readonly pubsub: ExtensionPubSub;
  readonly rateLimiter: HelixRateLimiter;
  /** Who "is signed in to Twitch" when a test's browser reaches /authorize (automatic consent). */
  authorizingUserId: string | null = null;
  denyNextAuthorization = false;
  /** The EventSub notifications of each chat message, by message id, for triggers to await. */
  private readonly chatDeliveries = new Map<string, Promise<EventSubDelivery[]>>();
  private restoring = false;

  constructor(input: FakeTwitchOptions) {
    this.options = resolveOptions(input);
    this.clock = input.clock ?? systemClock;
    const fixtures = this.options.dataFile ? readFixtures(this.options.dataFile) : null;
    const stored = fixtures?.apps[0];
    this.apps = new AppRegistry(
      newApp(
        input.appName ?? stored?.name ?? 'AuraStream',
        input.clientId ?? stored?.clientId,
        input.clientSecret ?? (input.clientId ? undefined : stored?.clientSecret),
      ),
    );
    fixtures?.apps.slice(1).forEach((app) => this.apps.add(app));
    this.extension = newExtension(
      input.extension?.ownerId ?? fixtures?.extension.ownerId ?? '',
      input.extension?.clientId ?? fixtures?.extension.clientId,
      input.extension?.secret ?? fixtures?.extension.secret,
    );
    this.world = new FakeWorld(this.clock);
    this.tokens = new TokenStore(this.clock);
    this.rewards = new RewardStore(this.clock);
    this.eventSub = new EventSub(
      this.clock,
      this.options.eventSub,
      {
        userExists: (userId) => this.world.users.has(userId),
        isModerator: (channelId, userId) => this.world.isModerator(channelId, userId),
        hasAuthorized: (clientId, userId) => this.tokens.hasAuthorized(clientId, userId),
        grantedScopesFor: (clientId, userId) => this.tokens.grantedScopes(clientId, userId),
      },
      () => this.changed(),
    );
    this.rooms = new ChatRooms(this.world, this.clock, { ...twitchChatLimits, ...input.chatLimits });
    this.chatServer = new ChatServer(
      { world: this.world, tokens: this.tokens, rooms: this.rooms, clock: this.clock },
      this.options.chatPingIntervalMs,
    );
    this.pubsub = new ExtensionPubSub(this.extension, this.clock);
    this.rateLimiter = new HelixRateLimiter(this.clock, this.options.helixPointsPerMinute);
    this.rooms.onMessage((message, _origin, delivery) => {
      const published = this.eventSub.publish(
        'channel.chat.message',
        (condition) => condition.broadcaster_user_id === message.broadcaster.id,
        chatMessageEvent(message, (login) => this.world.userByLogin(login)),
        delivery,
      );
      // triggers take it at once; then it is only the delivery log's
      this.chatDeliveries.set(message.id, published);
      void published.finally(() => this.chatDeliveries.delete(message.id)).catch(() => undefined);
    });
    if (fixtures) {
      this.restore(fixtures);
    }
  }

  get app() {
    return this.apps.main;
  }

  private restore(fixtures: Fixtures): void {
    this.restoring = true;
    this.world.restore(fixtures.world);
    this.tokens.restore(fixtures.tokens);
    this.rewards.restore(fixtures.rewards);
    this.eventSub.restore(fixtures.eventSub);
    this.restoring = false;
  }

  /** Something the fixtures file keeps changed: write it (small, and only with a data file). */
  changed(): void {
    if (!this.options.dataFile || this.restoring) {
      return;
    }
    writeFixtures(this.options.dataFile, {
      version: 1,
      apps: this.apps.all(),
      extension: this.extension,
      world: this.world.snapshot(),
      tokens: this.tokens.snapshot(),
      rewards: this.rewards.snapshot(),
      eventSub: this.eventSub.snapshot(),
    });
  }

  chatDeliveriesOf(messageId: string): Promise<EventSubDelivery[]> {
    return this.chatDeliveries.get(messageId) ?? Promise.resolve([]);
  }

  redemptionUpdated(redemption: FakeRedemption): void {
    void this.eventSub.publish(
      'channel.channel_points_custom_reward_redemption.update',
      (condition) =>
        condition.broadcaster_user_id === redemption.broadcaster_id &&
        (!condition.reward_id || condition.reward_id === redemption.reward.id),
      redemptionEvent(redemption),
    );
  }

  authorizationGranted(clientId: string, userId: string): void {
    void this.eventSub.publish(
      'user.authorization.grant',
      (condition) => condition.client_id === clientId,
      authorizationEvent(clientId, this.world.users.get(userId) ?? null, userId),
    );
  }

  stop(): void {
    this.eventSub.stop();
    this.chatServer.close();
  }
}
