import type {
  TwitchAuthorization,
  TwitchContext,
  TwitchExtensionHelper,
  TwitchTheme,
} from '../shared/twitch-extension';

/**
 * A stand-in for Twitch's Extension Helper: holds the panel's callbacks and calls them the way
 * Twitch does (at once with what is known when a callback registers, again on every change).
 * One instance per panel load, so a reloaded panel never leaves callbacks behind.
 */
export class HarnessTwitchExt implements TwitchExtensionHelper {
  private readonly authorizedListeners: Array<(auth: TwitchAuthorization) => void> = [];
  private readonly contextListeners: Array<(context: TwitchContext, changed: readonly string[]) => void> = [];
  private authorization: TwitchAuthorization | null = null;
  private context: TwitchContext;

  /** Twitch asks the viewer and authorizes again with their user id; the harness re-signs at once. */
  readonly actions: { requestIdShare(): void };

  constructor(
    theme: TwitchTheme,
    private readonly onEvent: (description: string) => void,
    shareIdentity: () => void,
  ) {
    this.context = { theme, language: 'en', mode: 'viewer' };
    this.actions = {
      requestIdShare: () => {
        this.onEvent('actions.requestIdShare → shared');
        shareIdentity();
      },
    };
  }

  onAuthorized(callback: (auth: TwitchAuthorization) => void): void {
    this.authorizedListeners.push(callback);
    if (this.authorization) {
      callback(this.authorization);
    }
  }

  onContext(callback: (context: TwitchContext, changed: readonly string[]) => void): void {
    this.contextListeners.push(callback);
    callback(this.context, Object.keys(this.context));
  }

  onError(): void {
    // the harness never fails on its own
  }

  authorize(authorization: TwitchAuthorization): void {
    this.authorization = authorization;
    this.onEvent(`onAuthorized → channel ${authorization.channelId}`);
    for (const listener of this.authorizedListeners) {
      listener(authorization);
    }
  }

  setTheme(theme: TwitchTheme): void {
    this.context = { ...this.context, theme };
    this.onEvent(`onContext → theme ${theme}`);
    for (const listener of this.contextListeners) {
      listener(this.context, ['theme']);
    }
  }
}
