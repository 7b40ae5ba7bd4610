import { useEffect } from 'preact/hooks';
import { realtimeTwitchEvents } from '@aurastream/contract';
import { subscribeTwitchEvents } from '../api/realtime';
import { notify } from '../ui/toasts';
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

/**
 * Wherever the streamer is in the dashboard, tells them at once when Twitch stops accepting the
 * connection (validation, a failed refresh, or they disconnected AuraStream on Twitch); Settings
 * shows the details and the way back. Mounted once by the app shell.
 */
export function useTwitchNotices(): void {
  useEffect(
    () =>
      subscribeTwitchEvents((name, payload) => {
        markTwitchChanged();
        const notice = payload as { status?: string; message?: string };
        if (name === realtimeTwitchEvents.connection && notice.status === 'revoked' && notice.message) {
          notify('error', notice.message);
        }
      }),
    [],
  );
}
