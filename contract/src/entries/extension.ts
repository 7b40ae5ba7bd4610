/**
 * The slim entry of the contract for the Twitch panel extension (`@aurastream/contract/extension`):
 * only the extension's endpoints, their types and the client, so the panel's bundle holds none of
 * the dashboard's schemas.
 */
import { createApiClient, type ApiClient, type ApiClientOptions } from '../core/client';
import { extensionEndpoints } from '../extension/schema';

export { ApiError, type ApiClientOptions } from '../core/client';
export { errorCodes, type ErrorCode } from '../core/error-codes';
export type { Camelize } from '../core/case';
export { twitchAssetTypeOf, type AnyAssetType, type TwitchAssetType } from '../assets/asset-enums';
export * from '../extension/schema';
export { cleanIdeaText, ideaTextLength, IDEA_TEXT_MAX_LENGTH, IDEA_TEXT_MIN_LENGTH } from '../ideas/idea-text';
export type { IdeaAssetType, IdeaSource, IdeaStatus, ViewerRole } from '../ideas/schema';
export { liveEventSchema, type LiveEvent, type LiveEventType, type LiveIdea } from '../live/schema';
export { EXTENSION_JWT_HEADER, extensionViewerRoleSchema, type ExtensionViewerRole } from '../core/callers';

const extensionApiEndpoints = { extension: extensionEndpoints };

/** A typed client for the extension's endpoints: `api.extension.panel()`. */
export type ExtensionApiClient = ApiClient<typeof extensionApiEndpoints>;

/** Creates the extension's typed client (the same client as the full contract's, fewer endpoints). */
export function createExtensionApiClient(options: ApiClientOptions): ExtensionApiClient {
  return createApiClient(extensionApiEndpoints, options);
}
