import { createExtensionApiClient, type ExtensionApiClient } from '@aurastream/contract/extension';

/**
 * Where the AuraStream API is. On Twitch the panel runs on Twitch's CDN, so the build must name the
 * service (`VITE_AURASTREAM_API_URL=https://api.example.com npm run build -w extension`); served
 * by the service itself (the harness, `/extension/`), the same origin is right.
 */
export const apiBaseUrl = (import.meta.env.VITE_AURASTREAM_API_URL ?? '').replace(/\/$/, '');

/** A typed client sending the viewer's Twitch extension JWT as `Authorization: Bearer`. */
export function extensionApi(getToken: () => string | null): ExtensionApiClient {
  return createExtensionApiClient({ baseUrl: apiBaseUrl, getAccessToken: getToken, credentials: 'omit' });
}

export type ExtensionPanel = Awaited<ReturnType<ExtensionApiClient['extension']['panel']>>;
export type ShowcaseItem = ExtensionPanel['assets'][number];
