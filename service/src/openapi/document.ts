import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponseObject,
} from 'zod-openapi';
import { z } from 'zod';
import {
  apiEndpoints,
  errorBodySchema,
  EVENTSUB_TIMESTAMP_WINDOW_SECONDS,
  EXTENSION_JWT_HEADER,
  SERVICE_CREDENTIAL_PREFIX,
  type EndpointAuth,
  type EndpointDefinition,
} from '@aurastream/contract';

const statusDescriptions: Record<number, string> = {
  400: 'Bad request',
  401: 'Missing, invalid or expired access token',
  403: 'Not allowed (tier, role or CSRF)',
  404: "Not found (also answered for another user's resources)",
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Validation failed; `details` lists the problems per field',
  429: 'Rate limited; see the Retry-After header',
  502: 'An upstream service failed',
  503: 'A dependency is unavailable',
};

/** How each kind of caller proves who it is. */
const securitySchemes = {
  bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
  twitchExtensionJwt: {
    type: 'apiKey',
    in: 'header',
    name: EXTENSION_JWT_HEADER,
    description:
      'The Twitch extension JWT the panel receives from `Twitch.ext.onAuthorized` (HS256, signed with the ' +
      "extension's base64-decoded secret; `exp`, `channel_id`, `role`, `opaque_user_id`, `user_id` once shared). " +
      'Also accepted as `Authorization: Bearer <jwt>`.',
  },
  serviceCredential: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: `${SERVICE_CREDENTIAL_PREFIX}…`,
    description:
      'A service credential (the chat bot) created by an administrator, scoped to the channels it acts for ' +
      'and revocable; never a user’s password or refresh token.',
  },
  twitchEventSubSignature: {
    type: 'apiKey',
    in: 'header',
    name: 'Twitch-Eventsub-Message-Signature',
    description:
      'Twitch EventSub webhook deliveries: `sha256=` and the hex HMAC-SHA256, keyed with TWITCH_EVENTSUB_SECRET, ' +
      `of the \`Twitch-Eventsub-Message-Id\` and \`Twitch-Eventsub-Message-Timestamp\` headers and the raw body; ` +
      `the timestamp must be within ${EVENTSUB_TIMESTAMP_WINDOW_SECONDS / 60} minutes of the server's clock.`,
  },
} as const;

/** Who may call: none, a user (or anyone, attributed when a token comes), or one kind of caller. */
function securityOf(auth: EndpointAuth): Record<string, string[]>[] {
  switch (auth) {
    case 'none':
      return [];
    case 'optional':
      return [{}, { bearerAuth: [] }];
    case 'user':
    case 'admin':
      return [{ bearerAuth: [] }];
    case 'extension':
      return [{ twitchExtensionJwt: [] }];
    case 'service':
      return [{ serviceCredential: [] }];
    case 'twitch-eventsub':
      return [{ twitchEventSubSignature: [] }];
  }
}

function operationOf(name: string, endpoint: EndpointDefinition): ZodOpenApiOperationObject {
  const status = String(endpoint.status ?? 200);
  const kind = endpoint.responseKind ?? 'json';
  const errorStatuses = new Set<number>([...(endpoint.errors ?? [])]);
  if (endpoint.auth !== 'none' && endpoint.auth !== 'optional') {
    errorStatuses.add(401);
  }
  if (endpoint.auth === 'admin' || endpoint.extensionRoles) {
    errorStatuses.add(403);
  }
  if (endpoint.params || endpoint.query || endpoint.body) {
    errorStatuses.add(422);
  }
  const responses: Record<string, ZodOpenApiResponseObject> = {};
  if (kind === 'json' && endpoint.response && status !== '204') {
    responses[status] = { description: 'Success', content: { 'application/json': { schema: endpoint.response } } };
  } else if (kind === 'sse') {
    responses[status] = {
      description: "A `text/event-stream`; each event's `data` is JSON of this schema",
      content: { 'text/event-stream': { schema: endpoint.response ?? z.string() } },
    };
  } else if (kind === 'binary') {
    responses[status] = {
      description: 'The file',
      content: { 'application/octet-stream': { schema: z.string().meta({ format: 'binary' }) } },
    };
  } else if (kind === 'redirect') {
    responses[status] = { description: 'Redirect' };
  } else {
    responses[status] = { description: 'Success, no content' };
  }
  for (const code of [...errorStatuses].sort()) {
    responses[String(code)] = {
      description: statusDescriptions[code] ?? 'Error',
      content: { 'application/json': { schema: errorBodySchema } },
    };
  }
  const operation: ZodOpenApiOperationObject = {
    operationId: name,
    summary: endpoint.summary,
    description: endpoint.description,
    tags: [endpoint.tag],
    security: securityOf(endpoint.auth),
    // zod-openapi reads every key it is given, so absent parts must be left out, not undefined
    requestParams: {
      ...(endpoint.params ? { path: endpoint.params } : {}),
      ...(endpoint.query ? { query: endpoint.query } : {}),
    },
    responses,
  };
  if (endpoint.body) {
    operation.requestBody = endpoint.multipart
      ? { content: { 'multipart/form-data': { schema: endpoint.body } } }
      : { content: { 'application/json': { schema: endpoint.body } } };
  }
  return operation;
}

/** The OpenAPI 3.1 document, generated from the same zod schemas that validate requests. */
export function buildOpenApiDocument(serverUrl: string): ReturnType<typeof createDocument> {
  const paths: ZodOpenApiPathsObject = {};
  for (const [group, endpoints] of Object.entries(apiEndpoints)) {
    for (const [name, endpoint] of Object.entries(endpoints as Record<string, EndpointDefinition>)) {
      const pathItem = (paths[endpoint.path] ??= {});
      const method = endpoint.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
      pathItem[method] = operationOf(`${group}.${name}`, endpoint);
    }
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'AuraStream API',
      version: '1.0.0',
      description:
        'The AI asset studio for Twitch streamers. JSON bodies are snake_case. Errors are `{"error": {"code", "message", "details"}}`.',
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes,
    },
    paths,
  });
}
