/**
 * The panel extension's endpoints as plain values: method and path only. The endpoints in
 * `schema.ts` and `ideas.schema.ts` are built from these, and the panel's client is built from them
 * alone (`createRoutedApiClient`), so the panel's bundle carries paths but no schemas.
 */
export const extensionRoutes = {
  panel: { method: 'GET', path: '/api/v1/extension/panel' },
  devToken: { method: 'POST', path: '/api/v1/extension/dev-token' },
  ideas: { method: 'GET', path: '/api/v1/extension/ideas' },
  myIdeas: { method: 'GET', path: '/api/v1/extension/ideas/mine' },
  suggest: { method: 'POST', path: '/api/v1/extension/ideas' },
  vote: { method: 'POST', path: '/api/v1/extension/ideas/{id}/vote' },
  approve: { method: 'POST', path: '/api/v1/extension/ideas/{id}/approve' },
  reject: { method: 'POST', path: '/api/v1/extension/ideas/{id}/reject' },
  getConfig: { method: 'GET', path: '/api/v1/extension/config' },
  updateConfig: { method: 'PUT', path: '/api/v1/extension/config' },
  live: { method: 'GET', path: '/api/v1/extension/live', responseKind: 'sse' },
} as const;

/** The views a panel can show; the broadcaster picks which on the configuration page. */
export const PANEL_VIEWS = ['showcase', 'ideas', 'live'] as const;
export type PanelView = (typeof PANEL_VIEWS)[number];

/** Twitch's limit on one Extension PubSub message (the `message` string, in bytes). */
export const EXTENSION_PUBSUB_MAX_BYTES = 5 * 1024;
/** Twitch's limit on Extension PubSub messages per channel and minute. */
export const EXTENSION_PUBSUB_MAX_PER_MINUTE = 100;
/** The version of the broadcast message's shape (`{v, events}`), so an older panel ignores a newer one. */
export const EXTENSION_BROADCAST_VERSION = 1;
