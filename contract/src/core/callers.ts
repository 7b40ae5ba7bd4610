/**
 * The kinds of caller an endpoint may declare (`auth`), and how each one proves who it is. The
 * service verifies the caller before a handler runs; clients read the header names here.
 */
import { z } from 'zod';

/**
 * Who may call an endpoint:
 * - `none`: anyone;
 * - `optional`: anyone; the call is attributed to a user when an access token is sent;
 * - `user`: a signed-in user, `Authorization: Bearer <access token>`;
 * - `admin`: a signed-in administrator;
 * - `extension`: a viewer of a channel in the Twitch extension, by the extension JWT Twitch hands
 *   the panel (`x-extension-jwt: <jwt>` or `Authorization: Bearer <jwt>`), restricted to
 *   `extensionRoles` when the endpoint names them;
 * - `service`: a service credential such as the chat bot's, `Authorization: Bearer aura_svc_…`;
 * - `twitch-eventsub`: Twitch itself, an EventSub delivery signed with the EventSub secret.
 */
export type EndpointAuth = 'none' | 'optional' | 'user' | 'admin' | 'extension' | 'service' | 'twitch-eventsub';

/** Who a Twitch extension JWT says the viewer is on the channel (Twitch's `role` claim). */
export const extensionViewerRoleSchema = z
  .enum(['viewer', 'broadcaster', 'moderator', 'external'])
  .meta({ id: 'ExtensionViewerRole' });
export type ExtensionViewerRole = z.infer<typeof extensionViewerRoleSchema>;

/** The header carrying a viewer's extension JWT (`Authorization: Bearer` works too). */
export const EXTENSION_JWT_HEADER = 'x-extension-jwt';

/**
 * Every service credential starts with this, so it can never be taken for a user's access token
 * (a JWT) and secret scanners can recognise it. Sent as `Authorization: Bearer aura_svc_…`.
 */
export const SERVICE_CREDENTIAL_PREFIX = 'aura_svc_';

/** The headers of an EventSub webhook delivery (lower case, as Node reads them). */
export const twitchEventSubHeaders = {
  messageId: 'twitch-eventsub-message-id',
  timestamp: 'twitch-eventsub-message-timestamp',
  /** `sha256=` and the hex HMAC-SHA256 of message id + timestamp + raw body, keyed with the secret. */
  signature: 'twitch-eventsub-message-signature',
  /** `notification`, `webhook_callback_verification` or `revocation`. */
  messageType: 'twitch-eventsub-message-type',
  subscriptionType: 'twitch-eventsub-subscription-type',
  subscriptionVersion: 'twitch-eventsub-subscription-version',
  retry: 'twitch-eventsub-message-retry',
} as const;

/** A delivery whose timestamp is further than this from the service's clock is refused (a replay). */
export const EVENTSUB_TIMESTAMP_WINDOW_SECONDS = 600;
