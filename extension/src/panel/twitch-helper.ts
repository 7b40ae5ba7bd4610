import { harnessBridgeName, type TwitchExtensionHelper } from '../shared/twitch-extension';

/**
 * The Extension Helper the panel talks to: Twitch's own when twitch-ext.min.js loaded (on Twitch),
 * else the one of the test harness embedding the panel, else none (the file opened on its own, or
 * the helper blocked or offline).
 */
export function findTwitchHelper(scope: Window = window): TwitchExtensionHelper | null {
  if (scope.Twitch?.ext) {
    return scope.Twitch.ext;
  }
  if (scope.parent === scope) {
    return null;
  }
  try {
    return scope.parent[harnessBridgeName]?.ext ?? null;
  } catch {
    // on Twitch the parent is another origin: reading it throws, and the helper above is the way
    return null;
  }
}
