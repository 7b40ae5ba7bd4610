/**
 * How the configured Twitch URLs aim twurple, shared by the service and the bot (which both talk
 * to Twitch, or to the fake Twitch, through twurple).
 */
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

/** The Twitch base URLs as configured (`TWITCH_AUTH_BASE_URL`, `TWITCH_HELIX_BASE_URL`). */
export interface TwitchBaseUrls {
  authBaseUrl: string;
  helixBaseUrl: string;
}

export const TWITCH_AUTH_URL = 'https://id.twitch.tv/oauth2';
export const TWITCH_HELIX_URL = 'https://api.twitch.tv/helix';

/** How twurple must be aimed so it reaches the same Twitch as the configured base URLs. */
export type TwurpleTarget = { kind: 'twitch' } | { kind: 'mock'; port: string };

/** The configured base URLs cannot be reached by twurple; the message says what would work. */
export class TwurpleEndpointError extends Error {
  override readonly name = 'TwurpleEndpointError';
}

const mockPattern = /^http:\/\/(?:localhost|127\.0\.0\.1):(\d+)\/(mock|auth)$/;

/**
 * twurple (used for Helix and token refresh) has no base-URL option: it calls Twitch, or, when the
 * environment variable `TWURPLE_MOCK_API_PORT` is set, `http://localhost:<port>/mock/<helix path>`
 * and `http://localhost:<port>/auth/<oauth path>` (the Twitch CLI mock layout). So the configured
 * base URLs must be Twitch's own or that layout on one local port.
 */
export function twurpleTargetOf(twitch: TwitchBaseUrls): TwurpleTarget {
  if (twitch.authBaseUrl === TWITCH_AUTH_URL && twitch.helixBaseUrl === TWITCH_HELIX_URL) {
    return { kind: 'twitch' };
  }
  const helix = mockPattern.exec(twitch.helixBaseUrl);
  const auth = mockPattern.exec(twitch.authBaseUrl);
  if (helix?.[2] === 'mock' && auth?.[2] === 'auth' && helix[1] === auth[1] && helix[1]) {
    return { kind: 'mock', port: helix[1] };
  }
  throw new TwurpleEndpointError(
    `TWITCH_AUTH_BASE_URL (${twitch.authBaseUrl}) and TWITCH_HELIX_BASE_URL (${twitch.helixBaseUrl}) must both be ` +
      `Twitch's (${TWITCH_AUTH_URL}, ${TWITCH_HELIX_URL}) or a Twitch CLI mock on one local port ` +
      '(http://localhost:<port>/auth and http://localhost:<port>/mock): twurple cannot be pointed anywhere else.',
  );
}

/**
 * Aims twurple where the configuration points, through the one setting it reads
 * (`TWURPLE_MOCK_API_PORT`, read on every call). It is process-wide: one Twitch per process.
 * Without a Twitch client id nothing calls Twitch, so the URLs are neither checked nor applied.
 */
export function aimTwurple(
  twitch: TwitchBaseUrls & { clientId: string },
  env: NodeJS.ProcessEnv = process.env,
): TwurpleTarget | null {
  if (!twitch.clientId) {
    return null;
  }
  const target = twurpleTargetOf(twitch);
  if (target.kind === 'mock') {
    env.TWURPLE_MOCK_API_PORT = target.port;
  } else {
    delete env.TWURPLE_MOCK_API_PORT;
  }
  return target;
}

export const TWITCH_CHAT_URL = 'wss://irc-ws.chat.twitch.tv:443';

/** The ChatClient options (`@twurple/chat`) that reach a chat server, a subset of `ChatClientOptions`. */
export interface TwurpleChatTarget {
  webSocket: true;
  hostName?: string;
  ssl?: boolean;
  connectionOptions?: { wsOptions: { createConnection: () => Socket } };
}

/**
 * How twurple's ChatClient is aimed at `TWITCH_CHAT_URL`. It takes a host name and `ssl`, and always
 * dials port 443 (`wss`) or 80 (`ws`); for another port (a fake on loopback) the WebSocket's own
 * `createConnection` option (ws, through `connectionOptions.wsOptions`) dials the configured port.
 */
export function twurpleChatTarget(chatUrl: string): TwurpleChatTarget {
  const url = new URL(chatUrl);
  const secure = url.protocol === 'wss:';
  if (!secure && url.protocol !== 'ws:') {
    throw new TwurpleEndpointError(`TWITCH_CHAT_URL (${chatUrl}) must be a ws:// or wss:// URL`);
  }
  if (chatUrl === TWITCH_CHAT_URL) {
    return { webSocket: true };
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(url.port || (secure ? 443 : 80));
  const target: TwurpleChatTarget = { webSocket: true, hostName: host, ssl: secure };
  if (url.port) {
    const dial = () => (secure ? tlsConnect({ host, port, servername: host }) : netConnect({ host, port }));
    target.connectionOptions = { wsOptions: { createConnection: dial } };
  }
  return target;
}
