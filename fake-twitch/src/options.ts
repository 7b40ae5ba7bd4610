import type { ChatLimits } from './chat/chat-rooms';
import type { EventSubOptions } from './eventsub/eventsub';
import type { ConsentMode } from './oauth/oauth-handlers';
import type { FakeClock } from './world/clock';

/** How to start a fake Twitch. Every field is optional; the defaults are Twitch's own numbers. */
export interface FakeTwitchOptions {
  /** The main app's (AuraStream's) client id; random by default (or the fixtures file's). */
  clientId?: string;
  clientSecret?: string;
  /** Shown on the authorize page. Default `AuraStream`. */
  appName?: string;
  /** The panel extension whose JWTs "Send Extension PubSub Message" accepts. */
  extension?: { clientId?: string; secret?: string; ownerId?: string };
  /** `automatic` (default, for tests) consents at once; `page` shows the sign-in and consent page. */
  consent?: ConsentMode;
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1 (loopback only). */
  host?: string;
  /** A JSON file keeping accounts, channels, roles, rewards, grants and subscriptions across restarts. */
  dataFile?: string | null;
  /** The fake's time for rate limits and expiry; tests may pass a `ManualClock`. */
  clock?: FakeClock;
  /** Helix points per minute per app (and user, for user tokens). Twitch: 800. */
  helixPointsPerMinute?: number;
  chatLimits?: Partial<ChatLimits>;
  /** How often the chat server PINGs clients; 0: never. Twitch: about every 5 minutes. */
  chatPingIntervalMs?: number;
  eventSub?: Partial<EventSubOptions>;
}

export interface ResolvedOptions {
  consent: ConsentMode;
  port: number;
  host: string;
  dataFile: string | null;
  helixPointsPerMinute: number;
  chatPingIntervalMs: number;
  eventSub: EventSubOptions;
}

export function resolveOptions(options: FakeTwitchOptions): ResolvedOptions {
  return {
    consent: options.consent ?? 'automatic',
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    dataFile: options.dataFile ?? null,
    helixPointsPerMinute: options.helixPointsPerMinute ?? 800,
    chatPingIntervalMs: options.chatPingIntervalMs ?? 300_000,
    eventSub: {
      retryDelaysMs: [1000, 4000, 16000],
      timeoutMs: 5000,
      failuresBeforeRevocation: 5,
      requireHttpsCallback: false,
      maxTotalCost: 10_000,
      ...options.eventSub,
    },
  };
}
