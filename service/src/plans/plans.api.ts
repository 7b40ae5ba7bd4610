import {
  GENERATION_MAX_VARIATIONS,
  subscriptionTierSchema,
  type CoachFeature,
  type PlansResponse,
  type SubscriptionTier,
} from '@aurastream/contract';
import type { Actor } from '../auth/principal';

/** What the coach offers each tier (the coach feature's table). */
export type CoachTierTable = Readonly<Record<SubscriptionTier, { feature: CoachFeature; grounding: boolean }>>;

export interface PlansApiDependencies {
  limits: { brandKits: Record<SubscriptionTier, number>; monthlyAssets: Record<SubscriptionTier, number> };
  coach: CoachTierTable;
}

/** This installation's plans, from the limits the service enforces, so the dashboard never restates them. */
export interface PlansApi {
  list(principal: Actor): Promise<PlansResponse>;
}

/** No billing runs here: tiers are set by an administrator, in the admin page or from a terminal. */
const CHANGE_INSTRUCTIONS =
  'Plans on this AuraStream installation are not bought in the app: an administrator moves your account to ' +
  'another plan, on the admin page or with “npm run admin -- set-tier <your e-mail> <plan>”. Ask them, with ' +
  'the e-mail address you sign in with; the new limits apply at once.';

export function createPlansApi(deps: PlansApiDependencies): PlansApi {
  return {
    async list(principal) {
      return {
        plans: subscriptionTierSchema.options.map((tier) => ({
          tier,
          monthly_assets: deps.limits.monthlyAssets[tier],
          brand_kits: deps.limits.brandKits[tier],
          max_variations: GENERATION_MAX_VARIATIONS,
          coach: deps.coach[tier].feature,
          twitch_grounding: deps.coach[tier].grounding,
        })),
        current_tier: principal.tier,
        change: { method: 'administrator', instructions: CHANGE_INSTRUCTIONS },
      };
    },
  };
}
