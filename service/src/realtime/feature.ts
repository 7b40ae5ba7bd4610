import type { Feature } from '../feature';
import { RealtimeServer, type RealtimeServerOptions } from './realtime-server';
import type { RealtimePublisher } from './realtime-publisher';

/** Emits an event to a user's connections held by this instance. */
export interface LocalRealtimeEmitter {
  emitToLocalUser(userId: string, event: string, payload: unknown): void;
}

/**
 * Real-time pushes over socket.io. The publisher works in every process, a worker without HTTP
 * included: its events go through Redis to the instances holding the connections.
 */
export function createRealtimeFeature(options: RealtimeServerOptions): {
  feature: Feature;
  publisher: RealtimePublisher;
  /** Emits to the connections this instance holds (for feeds every instance hears itself). */
  local: LocalRealtimeEmitter;
} {
  const realtime = new RealtimeServer(options);
  const feature: Feature = {
    name: 'realtime',
    attachToServer(server) {
      realtime.attach(server);
    },
    async stop() {
      await realtime.close();
    },
  };
  return { feature, publisher: realtime.publisher, local: realtime };
}
