import { io, type Socket } from 'socket.io-client';
import {
  camelizeKeys,
  realtimeConnectionEvents,
  realtimeJobEvents,
  REALTIME_LIVE_EVENT,
  realtimeTwitchEvents,
  type Camelize,
  type ConnectionEndedEvent,
  type JobEvent,
  type LiveEvent,
} from '@aurastream/contract';
import { credentials } from './credentials';
import { session } from './session';

export type JobEventName = (typeof realtimeJobEvents)[keyof typeof realtimeJobEvents];
export type RealtimeJobEvent = Camelize<JobEvent>;
type Listener = (name: JobEventName, event: RealtimeJobEvent) => void;

/** Whether the live connection is up; pages poll more often while it is not. */
let connected = false;
let socket: Socket | null = null;
let refusedInARow = 0;
const listeners = new Set<Listener>();
const liveListeners = new Set<(event: LiveEvent) => void>();

export type TwitchEventName = (typeof realtimeTwitchEvents)[keyof typeof realtimeTwitchEvents];
type TwitchListener = (name: TwitchEventName, payload: unknown) => void;
const twitchListeners = new Set<TwitchListener>();

export function isRealtimeConnected(): boolean {
  return connected;
}

function connect(): void {
  if (socket) {
    return;
  }
  // the token is read at every (re)connection, so a refreshed one is used after a drop
  const created = io({
    path: '/socket.io',
    auth: (callback) => callback({ token: credentials.accessToken() ?? '' }),
    transports: ['websocket', 'polling'],
  });
  socket = created;
  created.on('connect', () => {
    connected = true;
    refusedInARow = 0;
  });
  created.on('disconnect', () => {
    connected = false;
  });
  created.on('connect_error', () => {
    connected = false;
    // a refused handshake (expired token) is not retried by socket.io itself
    if (!created.active && refusedInARow < 3) {
      refusedInARow += 1;
      void credentials.refresh().then((ok) => {
        if (ok && socket === created) {
          setTimeout(() => created.connect(), 500 * refusedInARow);
        }
      });
    }
  });
  // the service closes a connection whose token expired or whose session ended, saying which
  created.on(realtimeConnectionEvents.ended, (_event: ConnectionEndedEvent) => {
    connected = false;
    // an expired token (`reconnect`): refresh and connect again. An ended session: this tab may
    // already hold the next one (a password change here), else the refresh fails and the session
    // signs out, which disconnects for good.
    void credentials.refresh().then((ok) => {
      if (ok && socket === created) {
        created.connect();
      }
    });
  });
  for (const name of Object.values(realtimeTwitchEvents)) {
    created.on(name, (payload: unknown) => {
      for (const listener of [...twitchListeners]) {
        listener(name, camelizeKeys(payload));
      }
    });
  }
  for (const name of Object.values(realtimeJobEvents)) {
    created.on(name, (payload: unknown) => {
      const event = camelizeKeys(payload) as RealtimeJobEvent;
      for (const listener of [...listeners]) {
        listener(name, event);
      }
    });
  }
  // the channel's live events (ideas, votes, progress), in their wire shape: the contract's union
  created.on(REALTIME_LIVE_EVENT, (payload: LiveEvent) => {
    for (const listener of [...liveListeners]) {
      listener(payload);
    }
  });
}

function disconnect(): void {
  socket?.disconnect();
  socket = null;
  connected = false;
}

/** Job events pushed to the signed-in user (every job of theirs, packs' items included). */
export function subscribeJobEvents(listener: Listener): () => void {
  connect();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The signed-in streamer's channel live events (snake_case, as the contract's `LiveEvent`). */
export function subscribeLiveEvents(listener: (event: LiveEvent) => void): () => void {
  connect();
  liveListeners.add(listener);
  return () => liveListeners.delete(listener);
}

/**
 * Notices about the streamer's Twitch connection and channel-point reward (Twitch stopped accepting
 * the connection, Twitch revoked the reward's subscription), camelised.
 */
export function subscribeTwitchEvents(listener: TwitchListener): () => void {
  connect();
  twitchListeners.add(listener);
  return () => twitchListeners.delete(listener);
}

session.subscribe((state) => {
  if (state.status !== 'signed_in') {
    disconnect();
  }
});
