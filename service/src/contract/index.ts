/**
 * The AuraStream API contract: every endpoint with its zod schemas, the enums, the wire (snake_case)
 * types and the typed client that speaks camelCase. It depends on nothing but zod, so the dashboard,
 * the extension and the bot import it without pulling in server code.
 */
import { systemEndpoints } from '../system/schema';
import { brandKitEndpoints } from '../brand-kits/schema';
import { createApiClient, type ApiClientOptions } from './client';

export * from './common';
export * from './case';
export * from './endpoint';
export * from './asset-enums';
export * from './client';
export * from '../system/schema';
export * from '../brand-kits/schema';

/** Every endpoint, grouped by feature; the typed client has one method per entry. */
export const apiEndpoints = {
  system: systemEndpoints,
  brandKits: brandKitEndpoints,
};

export type ApiEndpoints = typeof apiEndpoints;

/** The typed AuraStream client: `api.auth.login({body: {email, password}})`. */
export function createAuraStreamClient(options: ApiClientOptions) {
  return createApiClient(apiEndpoints, options);
}

export type AuraStreamClient = ReturnType<typeof createAuraStreamClient>;
