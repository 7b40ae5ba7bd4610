import type { SubscriptionTier, CoachFeature, CoachUpgradeCta } from '@aurastream/contract';

export interface CoachTierAccess {
  coach_access: boolean;
  feature: CoachFeature;
  grounding: boolean;
}

/** The spec's table, exactly as written. */
export const TIER_ACCESS: Readonly<Record<SubscriptionTier, CoachTierAccess>> = {
  free: { coach_access: false, feature: 'tips_only', grounding: false },
  pro: { coach_access: false, feature: 'tips_only', grounding: false },
  studio: { coach_access: true, feature: 'full_coach', grounding: true },
};

/** The lowest tier with the full coach: where the upgrade path leads. */
export const COACH_TIER: SubscriptionTier = 'studio';

export const COACH_UPGRADE_MESSAGE =
  'Upgrade to Studio to unlock the Prompt Coach: a conversation that turns your idea into a generation-ready prompt, grounded in your Twitch channel.';

/** The upgrade call to action for tiers without the coach; null for tiers that have it. */
export function upgradeCtaFor(tier: SubscriptionTier): CoachUpgradeCta | null {
  if (TIER_ACCESS[tier].coach_access) {
    return null;
  }
  return {
    required_tier: COACH_TIER,
    title: 'Unlock the Prompt Coach',
    message: COACH_UPGRADE_MESSAGE,
    button_text: 'Upgrade to Studio',
  };
}
