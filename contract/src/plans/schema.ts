/**
 * The plans of this installation: each tier's limits as the service enforces them, and how a
 * streamer moves to another tier here (there is no billing: an administrator sets tiers).
 */
import { z } from 'zod';
import { defineEndpoint } from '../core/endpoint';
import { subscriptionTierSchema } from '../core/common';
import { coachFeatureSchema } from '../coach/schema';

export const planSchema = z
  .object({
    tier: subscriptionTierSchema,
    monthly_assets: z.number().int().describe('Designs (variations) one may generate per calendar month'),
    brand_kits: z.number().int().describe('Brand kits one may keep'),
    max_variations: z.number().int().describe('Variations one request may ask for'),
    coach: coachFeatureSchema.describe('`full_coach`: the Prompt Coach chat; `tips_only`: prompt tips'),
    twitch_grounding: z.boolean().describe('Whether the coach reads the live Twitch channel'),
  })
  .meta({ id: 'Plan' });
export type PlanResponse = z.infer<typeof planSchema>;

export const plansSchema = z
  .object({
    plans: z.array(planSchema).describe('Every tier, smallest first'),
    current_tier: subscriptionTierSchema,
    change: z
      .object({
        method: z
          .enum(['administrator'])
          .describe('`administrator`: no billing here; an administrator of this installation sets tiers'),
        instructions: z.string().describe('What the streamer does to move to another tier, in plain words'),
      })
      .meta({ id: 'PlanChange' }),
  })
  .meta({ id: 'Plans' });
export type PlansResponse = z.infer<typeof plansSchema>;

export const planEndpoints = {
  list: defineEndpoint({
    method: 'GET',
    path: '/api/v1/plans',
    tag: 'Plans',
    summary: 'Every tier’s limits on this installation, your tier, and how a tier changes here',
    auth: 'user',
    response: plansSchema,
  }),
};
