import {
  ApiError,
  chatBotServiceEndpoints,
  createApiClient,
  serviceCredentialEndpoints,
  type ApiClient,
  type Camelize,
  type ChatReply,
} from '@aurastream/contract';
import { keepAliveFetch } from './keep-alive-fetch';

const botEndpoints = { bot: chatBotServiceEndpoints, credentials: { self: serviceCredentialEndpoints.self } };

/** The service's endpoints the bot calls, with its service credential. */
export type BotServiceClient = ApiClient<typeof botEndpoints>;

/** Connections kept open to the service: enough for every channel's relay under a burst. */
const SERVICE_CONNECTIONS = 32;

export function createBotServiceClient(options: { baseUrl: string; credential: string }): BotServiceClient {
  return createApiClient(botEndpoints, {
    baseUrl: options.baseUrl.replace(/\/$/, ''),
    getAccessToken: () => options.credential,
    fetch: keepAliveFetch({ maxSockets: SERVICE_CONNECTIONS }),
  });
}

/**
 * The service is away (not answering, restarting, or failing): a command then gets "AuraStream is
 * restarting". A 4xx is the service's answer, not an outage.
 */
export function isServiceUnavailable(error: unknown): boolean {
  if (error instanceof ApiError) {
    return error.status >= 500;
  }
  return (
    error instanceof TypeError ||
    (error instanceof Error &&
      /fetch failed|ECONNREFUSED|ECONNRESET|EPIPE|socket hang up/u.test(`${error.message} ${codeOf(error)}`))
  );
}

function codeOf(error: Error): string {
  return 'code' in error && typeof error.code === 'string' ? error.code : '';
}

/** A reply as the typed client answers it (camelCase), back in the wire shape the queue keeps. */
export function wireReply(reply: Camelize<ChatReply>): ChatReply {
  return { text: reply.text, reply_to_message_id: reply.replyToMessageId, kind: reply.kind };
}
