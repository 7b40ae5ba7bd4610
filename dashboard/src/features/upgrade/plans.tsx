import { useEffect } from 'preact/hooks';
import type { SubscriptionTier } from '@aurastream/contract';
import { api } from '../../api/client';
import type { Plans } from '../../api/types';
import { createStore, useStore } from '../../lib/store';
import { Icon } from '../../ui/icons';
import { formatNumber, tierName } from '../../lib/format';

/** The plans as this installation's service answers them (limits, and how a tier changes here). */
const plansStore = createStore<Plans | null>(null);

export function usePlans(): Plans | null {
  const plans = useStore(plansStore);
  useEffect(() => {
    api.plans.list().then(
      (answer) => plansStore.set(answer),
      () => undefined,
    );
  }, []);
  return plans;
}

const taglines: Record<SubscriptionTier, string> = {
  free: 'Try the studio',
  pro: 'For growing channels',
  studio: 'For teams and partners',
};

type Plan = Plans['plans'][number];

/** Each plan's numbers, in the words a streamer reads a plan by. */
function featuresOf(plan: Plan): string[] {
  return [
    `${formatNumber(plan.monthlyAssets)} designs a month`,
    `${formatNumber(plan.brandKits)} brand ${plan.brandKits === 1 ? 'kit' : 'kits'}`,
    `Up to ${plan.maxVariations} variations per design`,
    plan.coach === 'full_coach' ? 'Prompt Coach chat' : 'Prompt tips',
    ...(plan.twitchGrounding ? ['Coach grounded in your live channel'] : []),
  ];
}

export function PlanTable({ current, highlight }: { current: SubscriptionTier; highlight?: SubscriptionTier }) {
  const plans = usePlans();
  if (!plans) {
    return <div class="plan-grid plan-grid-loading" aria-busy="true" />;
  }
  return (
    <div class="plan-grid">
      {plans.plans.map((plan) => (
        <article
          key={plan.tier}
          class={`plan-card ${plan.tier === highlight ? 'is-highlight' : ''} ${plan.tier === current ? 'is-current' : ''}`}
        >
          <header>
            <h3 class="plan-name">{tierName(plan.tier)}</h3>
            <p class="plan-tagline">{taglines[plan.tier]}</p>
            {plan.tier === current && <span class="chip chip-muted">Your plan</span>}
            {plan.tier === highlight && plan.tier !== current && <span class="chip chip-accent">Recommended</span>}
          </header>
          <ul class="plan-features">
            {featuresOf(plan).map((feature) => (
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

/** How to move to another plan on this installation, as the service says it. */
export function PlanChange() {
  const plans = usePlans();
  if (!plans) {
    return null;
  }
  return (
    <div class="plan-change">
      <Icon name="info" size={18} />
      <p>{plans.change.instructions}</p>
    </div>
  );
}
