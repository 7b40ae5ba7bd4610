import {
  camelizeKeys,
  EXTENSION_BROADCAST_VERSION,
  type Camelize,
  type LiveEvent,
} from '@aurastream/contract/extension';
import type { TwitchExtensionHelper, TwitchPubSubCallback } from '../shared/twitch-extension';
import type { ExtensionApiClient } from './api';

export type PanelLiveEvent = Camelize<LiveEvent>;

/** Longest wait between two attempts to reopen the fallback stream. */
const MAX_RECONNECT_MS = 30_000;

/**
 * Hears the channel's live events: from Twitch's Extension PubSub (`listen('broadcast')`) when the
 * service sends there and Twitch's helper is here, otherwise from the service's SSE fallback,
 * reopened with growing pauses when it ends (the token's expiry, a network blip). Answers the
 * function that stops listening.
 */
export function openLiveFeed(options: {
  transport: 'pubsub' | 'sse';
  helper: TwitchExtensionHelper | null;
  api: ExtensionApiClient;
  onEvent: (event: PanelLiveEvent) => void;
}): () => void {
  const { helper, onEvent } = options;
  if (options.transport === 'pubsub' && helper?.listen) {
    const callback: TwitchPubSubCallback = (_target, _contentType, message) => {
      try {
        const broadcast = JSON.parse(message) as { v?: number; events?: LiveEvent[] };
        if (broadcast.v === EXTENSION_BROADCAST_VERSION) {
          for (const event of broadcast.events ?? []) {
            onEvent(camelizeKeys(event));
          }
        }
      } catch {
        // not ours, or from a newer release: the next reload shows the truth
      }
    };
    helper.listen('broadcast', callback);
    return () => helper.unlisten?.('broadcast', callback);
  }
  const controller = new AbortController();
  void (async () => {
    let pauseMs = 1000;
    while (!controller.signal.aborted) {
      try {
        const stream = await options.api.extension.live(undefined, { signal: controller.signal });
        pauseMs = 1000;
        for await (const event of stream) {
          onEvent(event);
        }
      } catch {
        // closed or refused: try again after a pause
      }
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
      pauseMs = Math.min(pauseMs * 2, MAX_RECONNECT_MS);
    }
  })();
  return () => controller.abort();
}
