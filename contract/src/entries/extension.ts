/**
 * The slim entry of the contract for the Twitch panel extension (`@aurastream/contract/extension`).
 * At run time it holds only plain values (routes, limits, error codes, the idea text rules, the
 * tracker) and no zod: the client is built from the routes alone, and every schema comes in as a
 * type. Twitch's CSP refuses `eval`, which zod probes for, and the panel's budget is 25 KB gzipped.
 */
import { createRoutedApiClient, type ApiClient, type ApiClientOptions } from '../core/client';
import type { extensionEndpoints } from '../extension/schema';
import { extensionRoutes } from '../extension/routes';

export { ApiError, type ApiClientOptions } from '../core/client';
export { camelizeKeys, type Camelize } from '../core/case';
export { errorCodes, type ErrorCode } from '../core/error-codes';
export { twitchAssetTypeOf, type AnyAssetType, type TwitchAssetType } from '../assets/asset-types';
export * from '../extension/routes';
export type {
  ExtensionBroadcast,
  ExtensionConfigResponse,
  ExtensionIdeasResponse,
  MyExtensionIdeasResponse,
  PanelIdea,
  UpdateExtensionConfigBody,
} from '../extension/ideas.schema';
export type { ExtensionDevTokenResponse, ExtensionPanelResponse, ShowcaseAsset } from '../extension/schema';
export { cleanIdeaText, ideaTextLength, IDEA_TEXT_MAX_LENGTH, IDEA_TEXT_MIN_LENGTH } from '../ideas/idea-text';
export type { IdeaAssetType, IdeaSource, IdeaStatus, IdeaSubmitters, ViewerRole } from '../ideas/schema';
export type { LiveEvent, LiveEventType, LiveIdea } from '../live/schema';
export type { ExtensionViewerRole } from '../core/callers';
export { AnalyticsTracker, type AnalyticsTrackerOptions, type TrackedEvent } from '../analytics/tracker';

type ExtensionApiEndpoints = { extension: typeof extensionEndpoints };

/** A typed client for the extension's endpoints: `api.extension.ideas()`. */
export type ExtensionApiClient = ApiClient<ExtensionApiEndpoints>;

/** Creates the extension's typed client (the same client as the full contract's, fewer endpoints, no schemas). */
export function createExtensionApiClient(options: ApiClientOptions): ExtensionApiClient {
  return createRoutedApiClient<ExtensionApiEndpoints>({ extension: extensionRoutes }, options);
}
