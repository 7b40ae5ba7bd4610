/**
 * Service credentials: how a process that acts for streamers rather than as one (the chat bot)
 * calls the API. An administrator creates one for a named service and sees its secret once; the
 * credential acts only for the channels its scope names and stops working the moment it is revoked.
 * It is never a user's password or refresh token.
 */
import { z } from 'zod';
import { defineEndpoint } from '../core/endpoint';
import { idParamsSchema, isoDateTimeSchema, uuidSchema } from '../core/common';
import { SERVICE_CREDENTIAL_PREFIX } from '../core/callers';
import { twitchChannelIdSchema } from '../extension/schema';

/** Most channels one credential may list. */
export const SERVICE_CREDENTIAL_MAX_CHANNELS = 500;

/** The channels a credential acts for. */
export const serviceCredentialScopeSchema = z
  .discriminatedUnion('kind', [
    z
      .object({ kind: z.literal('bot_channels') })
      .describe('Every channel whose streamer turned the chat bot on, as they turn it on and off'),
    z
      .object({
        kind: z.literal('channels'),
        twitch_channel_ids: z
          .array(twitchChannelIdSchema)
          .min(1, { message: 'name at least one channel' })
          .max(SERVICE_CREDENTIAL_MAX_CHANNELS, {
            message: `name at most ${SERVICE_CREDENTIAL_MAX_CHANNELS} channels`,
          }),
      })
      .describe('Only these Twitch channels'),
  ])
  .meta({ id: 'ServiceCredentialScope' });
export type ServiceCredentialScope = z.infer<typeof serviceCredentialScopeSchema>;

const credentialNameSchema = z
  .string()
  .trim()
  .min(1, { message: 'must not be empty' })
  .max(60, { message: 'must be at most 60 characters' })
  .regex(/^[^\p{Cc}]*$/u, { message: 'must not contain control characters' })
  .describe('What uses it, e.g. `chat-bot-eu`');

export const serviceCredentialSchema = z
  .object({
    id: uuidSchema,
    name: z.string(),
    scope: serviceCredentialScopeSchema,
    token_hint: z.string().describe(`The credential's first characters (\`${SERVICE_CREDENTIAL_PREFIX}Ab12…\`)`),
    created_at: isoDateTimeSchema,
    last_used_at: isoDateTimeSchema.nullable().describe('Within a minute'),
    revoked_at: isoDateTimeSchema.nullable(),
  })
  .meta({ id: 'ServiceCredential' });
export type ServiceCredentialResponse = z.infer<typeof serviceCredentialSchema>;

export const serviceCredentialListSchema = z
  .object({ items: z.array(serviceCredentialSchema).describe('Newest first') })
  .meta({ id: 'ServiceCredentialList' });
export type ServiceCredentialListResponse = z.infer<typeof serviceCredentialListSchema>;

export const createServiceCredentialSchema = z
  .object({
    name: credentialNameSchema,
    scope: serviceCredentialScopeSchema.default({ kind: 'bot_channels' }),
  })
  .meta({ id: 'CreateServiceCredentialRequest' });
export type CreateServiceCredentialRequest = z.infer<typeof createServiceCredentialSchema>;

export const createdServiceCredentialSchema = z
  .object({
    credential: serviceCredentialSchema,
    secret: z
      .string()
      .describe(
        `Send as \`Authorization: Bearer ${SERVICE_CREDENTIAL_PREFIX}…\`. Shown only in this answer: AuraStream keeps only its hash.`,
      ),
  })
  .meta({ id: 'CreatedServiceCredential' });
export type CreatedServiceCredentialResponse = z.infer<typeof createdServiceCredentialSchema>;

/** What a service learns about its own credential. */
export const serviceCredentialSelfSchema = z
  .object({ id: uuidSchema, name: z.string(), scope: serviceCredentialScopeSchema })
  .meta({ id: 'ServiceCredentialSelf' });
export type ServiceCredentialSelfResponse = z.infer<typeof serviceCredentialSelfSchema>;

const adminTag = 'Admin';

export const serviceCredentialEndpoints = {
  list: defineEndpoint({
    method: 'GET',
    path: '/api/v1/admin/service-credentials',
    tag: adminTag,
    summary: 'List service credentials (the chat bot’s), revoked ones included',
    auth: 'admin',
    response: serviceCredentialListSchema,
  }),
  create: defineEndpoint({
    method: 'POST',
    path: '/api/v1/admin/service-credentials',
    tag: adminTag,
    summary: 'Create a service credential; its secret is shown once',
    auth: 'admin',
    body: createServiceCredentialSchema,
    response: createdServiceCredentialSchema,
    status: 201,
  }),
  revoke: defineEndpoint({
    method: 'POST',
    path: '/api/v1/admin/service-credentials/{id}/revoke',
    tag: adminTag,
    summary: 'Revoke a service credential; every service process refuses it from the next request',
    auth: 'admin',
    params: idParamsSchema,
    response: serviceCredentialSchema,
    errors: [404],
  }),
  self: defineEndpoint({
    method: 'GET',
    path: '/api/v1/service-credentials/self',
    tag: 'Services',
    summary: 'The calling service’s own credential: its name and the channels it acts for',
    description: 'Lets a service check its credential at start-up (401 when it is unknown or revoked).',
    auth: 'service',
    response: serviceCredentialSelfSchema,
  }),
};
