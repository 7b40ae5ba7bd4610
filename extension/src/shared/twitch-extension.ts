/**
 * The part of Twitch's Extension Helper (`window.Twitch.ext`, from twitch-ext.min.js) the panel
 * uses, and the bridge through which the test harness stands in for it.
 * https://dev.twitch.tv/docs/extensions/reference/#helper-extensions
 */

/** What `onAuthorized` hands the panel; Twitch calls it again whenever the JWT is refreshed. */
export interface TwitchAuthorization {
  channelId: string;
  clientId: string;
  /** The extension JWT for our backend (`Authorization: Bearer`). */
  token: string;
  /** The viewer's opaque id. */
  userId: string;
  helixToken?: string;
}

export type TwitchTheme = 'light' | 'dark';

/** What `onContext` reports; only changed fields are guaranteed on later calls. */
export interface TwitchContext {
  theme?: TwitchTheme;
  language?: string;
  mode?: 'viewer' | 'dashboard' | 'config';
}

/** A PubSub message's callback: the target (`broadcast`), its content type and the message text. */
export type TwitchPubSubCallback = (target: string, contentType: string, message: string) => void;

export interface TwitchExtensionHelper {
  onAuthorized(callback: (auth: TwitchAuthorization) => void): void;
  onContext(callback: (context: TwitchContext, changed: readonly string[]) => void): void;
  onError?(callback: (error: unknown) => void): void;
  /** Extension PubSub: what the backend broadcasts to the channel's panels. */
  listen?(target: string, callback: TwitchPubSubCallback): void;
  unlisten?(target: string, callback: TwitchPubSubCallback): void;
  /** Asks the viewer to share their Twitch identity; Twitch then authorizes again with `user_id`. */
  actions?: { requestIdShare(): void };
}

/** The harness page exposes this to the panel it embeds (same origin), in place of Twitch's helper. */
export interface HarnessBridge {
  readonly ext: TwitchExtensionHelper;
}

export const harnessBridgeName = 'auraStreamExtensionHarness';

declare global {
  interface Window {
    Twitch?: { ext?: TwitchExtensionHelper };
    [harnessBridgeName]?: HarnessBridge;
  }
}
