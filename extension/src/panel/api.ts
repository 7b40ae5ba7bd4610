import { createExtensionApiClient, type ExtensionApiClient } from '@aurastream/contract/extension';

export type { ExtensionApiClient };

/**
 * Where the AuraStream API is. On Twitch the panel runs on Twitch's CDN, so the build must name the
 * service (`VITE_AURASTREAM_API_URL=https://api.example.com npm run build -w extension`); served
 * by the service itself (the harness, `/extension/`), the same origin is right.
 */
export const apiBaseUrl = (import.meta.env.VITE_AURASTREAM_API_URL ?? '').replace(/\/$/, '');

/** A typed client sending the viewer's Twitch extension JWT as `Authorization: Bearer`. */
export function extensionApi(getToken: () => string | null): ExtensionApiClient {
  return createExtensionApiClient({
    baseUrl: apiBaseUrl,
    getAccessToken: getToken,
    credentials: 'omit',
    // revalidated every time: the browser sends the ETag it holds and reuses its copy on a 304
    fetch: (input, init) => fetch(input, { ...init, cache: 'no-cache' }),
  });
}

export type ExtensionPanel = Awaited<ReturnType<ExtensionApiClient['extension']['panel']>>;
export type ShowcaseItem = ExtensionPanel['assets'][number];

export type PanelIdeas = Awaited<ReturnType<ExtensionApiClient['extension']['ideas']>>;
export type PanelIdeaItem = PanelIdeas['pending'][number];
export type MyIdeas = Awaited<ReturnType<ExtensionApiClient['extension']['myIdeas']>>;
export type PanelView = PanelIdeas['views'][number];

/** Who the extension JWT says the viewer is (read for the interface only: the service checks it). */
export interface ViewerClaims {
  role: 'viewer' | 'broadcaster' | 'moderator' | 'external';
  /** Set once the viewer shared their identity with the extension. */
  userId: string | null;
}

export function claimsOf(token: string): ViewerClaims {
  try {
    const payload = token.split('.')[1] ?? '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(json) as { role?: ViewerClaims['role']; user_id?: string };
    return { role: claims.role ?? 'viewer', userId: claims.user_id ?? null };
  } catch {
    return { role: 'viewer', userId: null };
  }
}
