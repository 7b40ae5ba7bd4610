/**
 * A fake of the parts of Twitch AuraStream uses, on loopback: OAuth with a sign-in and consent page,
 * Helix (users, channels, streams, games, custom rewards and redemptions, EventSub subscriptions,
 * Send Chat Message, moderators and VIPs, Extension PubSub), signed EventSub webhook deliveries, and
 * chat over IRC-over-WebSocket as twurple's ChatClient speaks it. Tests start it with
 * `startFakeTwitch()`; people with `npm run twitch:fake`; `npm start` runs it in development without
 * Twitch credentials. See fake-twitch/README.md.
 */
export { startFakeTwitch, type FakeTwitch, type FakeChatControl, type FakeEventSubControl } from './fake-twitch';
export type { FakeTwitchOptions } from './options';
export type { FakeTwitchRequest } from './http/fake-twitch-server';
export type {
  BroadcasterType,
  FakeChannelRoles,
  FakeTwitchChannel,
  FakeTwitchGame,
  FakeTwitchStream,
  FakeTwitchUser,
  SubscriptionTier,
} from './world/types';
export type { FakeStreamInput, FakeTwitchUserInput } from './world/world';
export type { FakeCustomReward, FakeRedemption } from './world/rewards';
export type { FakeEventSubSubscription, RevocationReason } from './eventsub/eventsub';
export { eventSubSignature, type DeliveryOptions, type EventSubDelivery } from './eventsub/webhook-delivery';
export type { ChatBadge, FakeChatMessage } from './eventsub/events';
export type { FakeChatLogEntry, ChatLimits } from './chat/chat-rooms';
export type { FakeChatConnectionInfo, DisconnectMode } from './chat/chat-server';
export type { FakePubSubMessage } from './helix/extension-handlers';
export type { FakeTwitchApp, FakeTwitchExtension } from './oauth/apps';
export { ManualClock, systemClock, type FakeClock } from './world/clock';
export { seededLogins } from './seed';
export {
  fixturesFileName,
  readFakeTwitchRuntime,
  removeFakeTwitchRuntime,
  writeFakeTwitchRuntime,
  type FakeTwitchRuntime,
} from './runtime-file';
