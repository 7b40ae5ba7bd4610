import { useEffect } from 'preact/hooks';
import { subscribeTwitchEvents } from '../api/realtime';
import { createStore, useStore } from './store';

/**
 * Bumped whenever the streamer's Twitch connection or reward may have changed: their own action in
 * one section (connect, disconnect, turn the reward on) or a notice from the service (Twitch stopped
 * accepting the connection, revoked the reward's subscription). Sections that show Twitch state
 * read it again when it moves.
 */
export const twitchChanges = createStore(0);

export function markTwitchChanged(): void {
  twitchChanges.set((version) => version + 1);
}

/** The current version, following the service's realtime notices while mounted. */
export function useTwitchChanges(): number {
  useEffect(() => subscribeTwitchEvents(() => markTwitchChanged()), []);
  return useStore(twitchChanges);
}
