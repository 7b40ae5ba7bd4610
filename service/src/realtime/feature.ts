import type { Feature } from '../feature';
import { RealtimeServer, type RealtimeServerOptions } from './realtime-server';
import type { RealtimePublisher } from './realtime-publisher';

/**
 * Real-time pushes over socket.io. The publisher works in every process, a worker without HTTP
 * included: its events go through Redis to the instances holding the connections.
 */
export function createRealtimeFeature(options: RealtimeServerOptions): {
  feature: Feature;
  publisher: RealtimePublisher;
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
  return { feature, publisher: realtime.publisher };
}
