import type { FakeChatLogEntry } from './chat/chat-rooms';
import type { DisconnectMode, FakeChatConnectionInfo } from './chat/chat-server';
import { ControlHandlers } from './control/control-handlers';
import { renderIndexPage } from './control/index-page';
import { Triggers, type ChatInput, type RedeemInput } from './control/triggers';
import { FakeTwitchCore } from './core';
import type { FakeChatMessage } from './eventsub/events';
import type { FakeEventSubSubscription, RevocationReason } from './eventsub/eventsub';
import type { DeliveryOptions, EventSubDelivery } from './eventsub/webhook-delivery';
import type { FakePubSubMessage } from './helix/extension-handlers';
import { FakeTwitchServer, type FakeTwitchRequest } from './http/fake-twitch-server';
import { newApp, type FakeTwitchApp, type FakeTwitchExtension } from './oauth/apps';
import type { FakeTwitchOptions } from './options';
import { twitchRoutes } from './routes';
import { seedWorld } from './seed';
import type { FakeClock } from './world/clock';
import type { FakeCustomReward, FakeRedemption } from './world/rewards';
import type {
  FakeChannelRoles,
  FakeTwitchChannel,
  FakeTwitchGame,
  FakeTwitchStream,
  FakeTwitchUser,
  SubscriptionTier,
} from './world/types';
import type { FakeStreamInput, FakeTwitchUserInput } from './world/world';

/** EventSub as Twitch's side drives it: subscriptions the app made, deliveries, and what triggers them. */
export interface FakeEventSubControl {
  subscriptions(): FakeEventSubSubscription[];
  /** Every message sent to a callback (verification, notification, revocation) with each attempt. */
  deliveries(): EventSubDelivery[];
  /** Waits for callback verifications and deliveries under way. */
  settle(): Promise<void>;
  /** A viewer redeems a reward: the redemption record and `channel.channel_points_custom_reward_redemption.add`. */
  redeem(input: RedeemInput): Promise<{ redemption: FakeRedemption; deliveries: EventSubDelivery[] }>;
  /** The user disconnects the app: tokens die, `user.authorization.revoke`, their subscriptions revoked. */
  revokeAuthorization(input: {
    user: string;
    clientId?: string;
    delivery?: DeliveryOptions;
  }): Promise<{ deliveries: EventSubDelivery[] }>;
  /** Twitch revokes a subscription and tells the callback why. */
  revoke(subscriptionId: string, reason: RevocationReason, delivery?: DeliveryOptions): Promise<EventSubDelivery>;
  /** The account is closed: its subscriptions are revoked with `user_removed`. */
  removeUser(user: string): Promise<EventSubDelivery[]>;
  /** Sends a message again with the same id (a retry or replay). */
  redeliver(messageId: string, delivery?: DeliveryOptions): Promise<EventSubDelivery>;
}

/** Twitch chat as the fake's control sees it. */
export interface FakeChatControl {
  /** `ws://127.0.0.1:<port>`: `TWITCH_CHAT_URL`. */
  readonly url: string;
  /** A viewer (with their roles' badges) says something: to IRC clients in the channel and as `channel.chat.message`. */
  say(input: ChatInput): Promise<{ message: FakeChatMessage; deliveries: EventSubDelivery[] }>;
  /** What was said (or dropped) per channel and/or user, in order. */
  messages(filter?: { channel?: string; user?: string }): FakeChatLogEntry[];
  /** Hears each line as it is said or dropped; returns the function that stops listening. */
  onLine(listener: (entry: FakeChatLogEntry) => void): () => void;
  connections(): FakeChatConnectionInfo[];
  /** Ends IRC connections (of one login, or all), for reconnect tests; returns how many. */
  disconnect(options?: { login?: string; mode?: DisconnectMode }): number;
}

export interface FakeTwitch {
  /** `http://localhost:<port>` (twurple calls `localhost`, so the service does too). */
  readonly url: string;
  /** `<url>/auth`: OAuth in the Twitch CLI mock layout (`<url>/oauth2` answers the same). */
  readonly authBaseUrl: string;
  /** `<url>/mock`: Helix in the Twitch CLI mock layout (`<url>/helix` answers the same). */
  readonly helixBaseUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The panel extension whose JWTs Extension PubSub accepts (base64 secret). */
  readonly extension: FakeTwitchExtension;
  readonly clock: FakeClock;
  /** Settings pointing a service at this fake: pass to `startTestService({...twitch.serviceEnv})`. */
  readonly serviceEnv: Record<string, string>;
  /**
   * Adds an account and its channel (an affiliate unless `broadcaster_type` says otherwise) and makes
   * it the one that consents at /authorize; an existing login is updated in place and keeps its id.
   */
  addUser(input: FakeTwitchUserInput): FakeTwitchUser;
  /** A user by id or login. */
  user(idOrLogin: string): FakeTwitchUser | undefined;
  setChannel(userId: string, changes: Partial<Omit<FakeTwitchChannel, 'broadcaster_id'>>): FakeTwitchChannel;
  setStreams(streams: FakeStreamInput[]): FakeTwitchStream[];
  addGame(game: { id: string; name: string }): FakeTwitchGame;
  setModerator(channelId: string, userId: string, granted?: boolean): void;
  setVip(channelId: string, userId: string, granted?: boolean): void;
  setSubscriber(channelId: string, userId: string, tier?: SubscriptionTier | null): void;
  roles(channelId: string): FakeChannelRoles;
  /** The Twitch account that consents at /authorize from now on. */
  authorizeAs(userId: string): void;
  /** The next /authorize redirects back with `error=access_denied`. */
  denyNextAuthorization(): void;
  /** Tokens for a user as if they had completed the OAuth flow (with `clientId`: for another app). */
  issueUserToken(userId: string, scopes?: string[], clientId?: string): { accessToken: string; refreshToken: string };
  /** A client-credentials token of the main app (or another registered one). */
  issueAppToken(clientId?: string): string;
  /** Another application, e.g. to show that only the app that created a reward may change it. */
  registerApp(app?: { name?: string; clientId?: string; clientSecret?: string }): FakeTwitchApp;
  /** Every access token issued so far stops working; refresh tokens still do. */
  expireAccessTokens(): void;
  /** The user withdraws every app's access at Twitch: every token of theirs stops working (and EventSub hears of it). */
  revokeUserGrants(userId: string): void;
  /** Whether a token (access or refresh) still works at the fake. */
  isTokenActive(token: string): boolean;
  /** Every authorization code, access token and refresh token issued so far. */
  readonly issuedCredentials: readonly string[];
  /** A reward made by an app (`clientId`) or on Twitch's own page (null, the default): body in Helix's shape. */
  createReward(channelId: string, body: Record<string, unknown>, clientId?: string | null): FakeCustomReward;
  rewards(channelId: string): FakeCustomReward[];
  redemptions(rewardId: string): FakeRedemption[];
  /** Helix points per minute (per app, and per app and user); lower it so a test can exhaust it. */
  setHelixRateLimit(pointsPerMinute: number): void;
  /** Empties every Helix bucket now: the next calls answer 429 until points refill. */
  exhaustHelixRateLimit(): void;
  readonly eventSub: FakeEventSubControl;
  readonly chat: FakeChatControl;
  /** Extension PubSub messages the extension's backend sent. */
  pubsubMessages(broadcasterId?: string): FakePubSubMessage[];
  readonly requests: readonly FakeTwitchRequest[];
  readonly unexpectedRequests: readonly FakeTwitchRequest[];
  /** Requests to an endpoint in Twitch's layout (`/helix/streams`, `/oauth2/token`), whichever layout was used. */
  requestsTo(endpoint: string): FakeTwitchRequest[];
  clearRequests(): void;
  stop(): Promise<void>;
}

/** Starts a fake Twitch on loopback. `seed: true` adds the sample streamers and viewers to an empty world. */
export async function startFakeTwitch(options: FakeTwitchOptions & { seed?: boolean } = {}): Promise<FakeTwitch> {
  const core = new FakeTwitchCore(options);
  if (options.seed && seedWorld(core.world)) {
    core.changed();
  }
  const triggers = new Triggers(core);
  let url = '';
  const describe = () => ({
    url,
    chat_url: url.replace('http://localhost', 'ws://127.0.0.1'),
    app: { client_id: core.app.clientId, name: core.app.name },
    extension: { client_id: core.extension.clientId, owner_id: core.extension.ownerId },
    users: [...core.world.users.values()].map((user) => ({
      id: user.id,
      login: user.login,
      display_name: user.display_name,
      broadcaster_type: user.broadcaster_type,
      roles: core.world.rolesOf(user.id),
      rewards: core.rewards.forChannel(user.id).map(({ reward, clientId }) => ({
        id: reward.id,
        title: reward.title,
        is_enabled: reward.is_enabled,
        made_by_app: clientId !== null,
      })),
    })),
    eventsub_subscriptions: core.eventSub.all(),
  });
  const control = new ControlHandlers(core, triggers, describe);
  const server = new FakeTwitchServer({
    routes: twitchRoutes(core),
    control: async (req) =>
      req.method === 'GET' && req.path === '/' ? renderIndexPage(describe()) : control.handle(req),
    upgrade: (req, socket, head) => core.chatServer.handleUpgrade(req, socket, head),
  });
  const port = await server.listen(core.options.port, core.options.host);
  url = `http://localhost:${port}`;
  const chatUrl = `ws://127.0.0.1:${port}`;
  const user = (id: string) => core.world.user(id);

  return {
    url,
    authBaseUrl: `${url}/auth`,
    helixBaseUrl: `${url}/mock`,
    clientId: core.app.clientId,
    clientSecret: core.app.clientSecret,
    extension: core.extension,
    clock: core.clock,
    serviceEnv: {
      TWITCH_CLIENT_ID: core.app.clientId,
      TWITCH_CLIENT_SECRET: core.app.clientSecret,
      TWITCH_AUTH_BASE_URL: `${url}/auth`,
      TWITCH_HELIX_BASE_URL: `${url}/mock`,
      TWITCH_CHAT_URL: chatUrl,
    },
    addUser(input) {
      const added = core.world.upsertUser(input);
      core.authorizingUserId = added.id;
      core.changed();
      return added;
    },
    user: (idOrLogin) => core.world.findUser(idOrLogin),
    setChannel(userId, changes) {
      const channel = core.world.setChannel(userId, changes);
      core.changed();
      return channel;
    },
    setStreams: (streams) => core.world.setStreams(streams),
    addGame(game) {
      const added = core.world.addGame(game);
      core.changed();
      return added;
    },
    setModerator(channelId, userId, granted = true) {
      core.world.setRole(channelId, userId, 'moderator', granted);
      core.changed();
    },
    setVip(channelId, userId, granted = true) {
      core.world.setRole(channelId, userId, 'vip', granted);
      core.changed();
    },
    setSubscriber(channelId, userId, tier = '1000') {
      core.world.setSubscription(channelId, userId, tier);
      core.changed();
    },
    roles: (channelId) => core.world.rolesOf(channelId),
    authorizeAs(userId) {
      user(userId);
      core.authorizingUserId = userId;
    },
    denyNextAuthorization() {
      core.denyNextAuthorization = true;
    },
    issueUserToken(userId, scopes = ['user:read:email'], clientId = core.app.clientId) {
      user(userId);
      const token = core.tokens.issueUserTokens(clientId, userId, scopes);
      core.changed();
      return { accessToken: token.token, refreshToken: token.refreshToken as string };
    },
    issueAppToken: (clientId = core.app.clientId) => core.tokens.issueAppToken(clientId).token,
    registerApp(app = {}) {
      const registered = core.apps.add(newApp(app.name ?? 'Another app', app.clientId, app.clientSecret));
      core.changed();
      return registered;
    },
    expireAccessTokens: () => core.tokens.expireAccessTokens(),
    revokeUserGrants(userId) {
      user(userId);
      void triggers.revokeAuthorization({ user: userId });
    },
    get issuedCredentials() {
      return core.tokens.issued;
    },
    isTokenActive: (token) => core.tokens.validAccessToken(token) !== null || core.tokens.isRefreshTokenActive(token),
    createReward(channelId, body, clientId = null) {
      const reward = core.rewards.create(user(channelId), clientId, body);
      core.changed();
      return reward;
    },
    rewards: (channelId) => core.rewards.forChannel(channelId).map((stored) => stored.reward),
    redemptions: (rewardId) => core.rewards.redemptionsOf(rewardId),
    setHelixRateLimit(pointsPerMinute) {
      core.rateLimiter.pointsPerMinute = pointsPerMinute;
    },
    exhaustHelixRateLimit: () => core.rateLimiter.exhaust(),
    eventSub: {
      subscriptions: () => core.eventSub.all(),
      deliveries: () => core.eventSub.sender.deliveries,
      settle: () => core.eventSub.sender.idle(),
      redeem: (input) => triggers.redeem(input),
      revokeAuthorization: (input) => triggers.revokeAuthorization(input),
      revoke: async (id, reason, delivery) => (await triggers.revokeSubscription({ id, reason, delivery })).delivery,
      removeUser: async (login) => (await triggers.removeUser({ user: login })).deliveries,
      redeliver: async (messageId, delivery) => (await triggers.redeliver({ messageId, delivery })).delivery,
    },
    chat: {
      url: chatUrl,
      say: (input) => triggers.chat(input),
      messages: (filter = {}) =>
        core.rooms.log.filter(
          (entry) =>
            (!filter.channel || entry.channel === filter.channel.toLowerCase().replace(/^#/, '')) &&
            (!filter.user || entry.user_login === filter.user.toLowerCase() || entry.user_id === filter.user),
        ),
      onLine: (listener) => core.rooms.onLog(listener),
      connections: () => core.chatServer.list(),
      disconnect: (disconnectOptions = {}) =>
        core.chatServer.disconnect(disconnectOptions.login, disconnectOptions.mode ?? 'drop'),
    },
    pubsubMessages: (broadcasterId) =>
      core.pubsub.messages.filter((message) => !broadcasterId || message.broadcaster_id === broadcasterId),
    get requests() {
      return server.requests;
    },
    get unexpectedRequests() {
      return server.requests.filter((request) => request.unexpected);
    },
    requestsTo: (endpoint) => server.requests.filter((request) => request.endpoint === endpoint),
    clearRequests() {
      server.requests.length = 0;
    },
    async stop() {
      core.stop();
      await server.close();
    },
  };
}
