/**
 * Who is calling, for every kind of caller an endpoint may declare (`auth` in the contract). The
 * kinds share nothing but `kind`: a handler narrows on it, and `bindRoute` hands each endpoint only
 * the kind it declared (`PrincipalOf`).
 */
import {
  errorCodes,
  type EndpointAuth,
  type ExtensionViewerRole,
  type ServiceCredentialScope,
} from '@aurastream/contract';
import { ForbiddenError } from '../shared/errors';
import type { UserId } from '../users/user.repository';
import type { Actor } from './actor';

export type { Actor } from './actor';

/** A viewer of a channel in the Twitch extension, as Twitch's extension JWT describes them. */
export interface ExtensionViewer {
  readonly kind: 'extension';
  /** The broadcaster's Twitch user id: the channel whose page shows the extension. */
  channelId: string;
  /** Twitch's per-viewer id for extensions: `U…` for a signed-in viewer, `A…` for a logged-out one. */
  opaqueUserId: string;
  /** The viewer's Twitch user id once they shared their identity with the extension; null before. */
  userId: string | null;
  role: ExtensionViewerRole;
  expiresAt: Date;
}

/** A channel a service may act for, by its Twitch channel id or by the AuraStream user who owns it. */
export type ChannelRef = { twitchChannelId: string } | { ownerId: UserId };

/** A service (the chat bot) calling with a service credential an administrator created. */
export interface ServiceCaller {
  readonly kind: 'service';
  credentialId: string;
  /** The name the administrator gave the credential, e.g. `chat-bot`. */
  name: string;
  scope: ServiceCredentialScope;
  /** Whether the credential may act for this channel now (its scope, and the streamer's bot setting). */
  canActFor(channel: ChannelRef): Promise<boolean>;
}

/** Twitch itself: an EventSub delivery whose signature and timestamp were verified. */
export interface TwitchEventSubCaller {
  readonly kind: 'twitch';
  /** Twitch's id of the message; a redelivery carries the same one. */
  messageId: string;
  /** `notification`, `webhook_callback_verification` or `revocation`. */
  messageType: string;
  /** When Twitch sent the message (within the accepted window of the service's clock). */
  sentAt: Date;
  subscriptionType: string | null;
  subscriptionVersion: string | null;
}

/**
 * Someone at the server's command line (`npm run admin`): they hold the deployment's database and
 * settings, so they are trusted like an administrator. Never the principal of an HTTP request.
 */
export interface Operator {
  readonly kind: 'operator';
  /** The tool acting, for logs and records, e.g. `admin-cli`. */
  name: string;
  /** Who runs it: the operating-system account and host (`ana@db-host`), which audit records name. */
  account: string;
}

export type Principal = Actor | ExtensionViewer | ServiceCaller | TwitchEventSubCaller | Operator;

/** An administrator: a signed-in user whose role is `admin`, or an operator. */
export type Administrator = (Actor & { role: 'admin' }) | Operator;

/** Throws 403 `admin_only` unless the principal is an administrator. */
export function assertAdministrator(principal: Principal): asserts principal is Administrator {
  if (principal.kind === 'operator' || (principal.kind === 'user' && principal.role === 'admin')) {
    return;
  }
  throw new ForbiddenError('This endpoint is for administrators', errorCodes.adminOnly);
}

/** The principal a handler of an endpoint with this `auth` receives. */
export type PrincipalOf<A extends EndpointAuth> = A extends 'user' | 'admin'
  ? Actor
  : A extends 'optional'
    ? Actor | null
    : A extends 'extension'
      ? ExtensionViewer
      : A extends 'service'
        ? ServiceCaller
        : A extends 'twitch-eventsub'
          ? TwitchEventSubCaller
          : null;
