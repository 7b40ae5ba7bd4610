/**
 * The AuraStream API contract: every endpoint with its zod schemas, the enums, the wire (snake_case)
 * types and the typed client that speaks camelCase. It depends on nothing but zod, so the dashboard,
 * the extension and the bot import it without pulling in server code.
 */
import { systemEndpoints } from './system/schema';
import { authEndpoints } from './auth/schema';
import { adminEndpoints } from './admin/schema';
import { brandKitEndpoints } from './brand-kits/schema';
import { analyticsEndpoints } from './analytics/schema';
import { coachEndpoints } from './coach/schema';
import { generationEndpoints, twitchEndpoints } from './generation/schema';
import { assetEndpoints } from './assets/schema';
import { extensionEndpoints } from './extension/schema';
import { serviceCredentialEndpoints } from './service-credentials/schema';
import { ideaEndpoints } from './ideas/schema';
import { channelPointsEndpoints } from './channel-points/schema';
import { twitchConnectionEndpoints } from './twitch/schema';
import { planEndpoints } from './plans/schema';
import { chatBotAdminEndpoints, chatBotEndpoints, chatBotServiceEndpoints } from './chat-bot/schema';
import { createApiClient, type ApiClientOptions } from './core/client';

export * from './core/common';
export * from './core/case';
export * from './core/endpoint';
export * from './core/callers';
export * from './core/error-codes';
export * from './assets/asset-enums';
export * from './core/client';
export * from './system/schema';
export * from './auth/schema';
export * from './admin/schema';
export * from './analytics/schema';
export * from './brand-kits/schema';
export * from './coach/schema';
export * from './generation/schema';
export * from './generation/packs';
export * from './generation/limits';
export * from './assets/schema';
export * from './assets/designs';
export * from './extension/schema';
export * from './service-credentials/schema';
export * from './plans/schema';
export * from './realtime/schema';
export * from './ideas/schema';
export * from './live/schema';
export * from './channel-points/schema';
export * from './twitch/schema';
export * from './chat-bot/schema';
export * from './chat-bot/bot-protocol';

/** Every endpoint, grouped by feature; the typed client has one method per entry. */
export const apiEndpoints = {
  system: systemEndpoints,
  auth: authEndpoints,
  admin: adminEndpoints,
  analytics: analyticsEndpoints,
  brandKits: brandKitEndpoints,
  coach: coachEndpoints,
  generation: generationEndpoints,
  twitch: twitchEndpoints,
  assets: assetEndpoints,
  plans: planEndpoints,
  extension: extensionEndpoints,
  serviceCredentials: serviceCredentialEndpoints,
  ideas: ideaEndpoints,
  channelPoints: channelPointsEndpoints,
  twitchConnection: twitchConnectionEndpoints,
  chatBot: chatBotEndpoints,
  chatBotAdmin: chatBotAdminEndpoints,
  bot: chatBotServiceEndpoints,
};

export type ApiEndpoints = typeof apiEndpoints;

/** The typed AuraStream client: `api.auth.login({body: {email, password}})`. */
export function createAuraStreamClient(options: ApiClientOptions) {
  return createApiClient(apiEndpoints, options);
}

export type AuraStreamClient = ReturnType<typeof createAuraStreamClient>;
