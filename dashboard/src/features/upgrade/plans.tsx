import type { SubscriptionTier } from '@aurastream/contract';
import { Icon } from '../../ui/icons';
import { tierName } from '../../lib/format';

/** What each plan adds; the exact numbers live in the service's configuration. */
const plans: { tier: SubscriptionTier; tagline: string; features: string[] }[] = [
  {
    tier: 'free',
    tagline: 'Try the studio',
    features: ['One brand kit', 'Every Twitch asset type', 'Monthly starter quota', 'Prompt tips'],
  },
  {
    tier: 'pro',
    tagline: 'For growing channels',
    features: ['Several brand kits', 'A much bigger monthly quota', 'Every pack, up to 4 variations', 'Prompt tips'],
  },
  {
    tier: 'studio',
    tagline: 'For teams and partners',
    features: [
      'Brand kits for every project',
      'The biggest monthly quota',
      'Prompt Coach chat',
      'Live Twitch grounding',
    ],
  },
];

export function PlanTable({ current, highlight }: { current: SubscriptionTier; highlight?: SubscriptionTier }) {
  return (
    <div class="plan-grid">
      {plans.map((plan) => (
        <article
          key={plan.tier}
          class={`plan-card ${plan.tier === highlight ? 'is-highlight' : ''} ${plan.tier === current ? 'is-current' : ''}`}
        >
          <header>
            <h3 class="plan-name">{tierName(plan.tier)}</h3>
            <p class="plan-tagline">{plan.tagline}</p>
            {plan.tier === current && <span class="chip chip-muted">Your plan</span>}
            {plan.tier === highlight && plan.tier !== current && <span class="chip chip-accent">Recommended</span>}
          </header>
          <ul class="plan-features">
            {plan.features.map((feature) => (
              <li key={feature}>
                <Icon name="check" size={16} /> {feature}
              </li>
            ))}
          </ul>
        </article>
      ))}
    </div>
  );
}
