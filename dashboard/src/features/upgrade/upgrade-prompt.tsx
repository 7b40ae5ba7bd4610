import { errorCodes, type ApiError } from '@aurastream/contract';
import { createStore, useStore } from '../../lib/store';
import { detailNumber, detailString, describeError, isTierLimitError } from '../../lib/errors';
import { formatDate, tierName } from '../../lib/format';
import { track } from '../../lib/analytics';
import { notify } from '../../ui/toasts';
import { Modal } from '../../ui/modal';
import { ButtonLink, Button } from '../../ui/button';
import { Icon } from '../../ui/icons';
import { useSession } from '../../api/session';
import { PlanChange, PlanTable } from './plans';

const upgradeStore = createStore<ApiError | null>(null);

/** Turns a tier-limit error into the upgrade prompt. */
export function showUpgrade(error: ApiError): void {
  track('upgrade_prompt_shown', 'modal', { code: error.code });
  upgradeStore.set(error);
}

/**
 * The one way pages report a failed action: plan limits open the upgrade prompt, everything else
 * becomes an error toast.
 */
export function reportError(error: unknown): void {
  if (isTierLimitError(error)) {
    showUpgrade(error);
    return;
  }
  notify('error', describeError(error));
}

const headlines: Record<string, string> = {
  [errorCodes.brandKitLimitReached]: 'You’ve used every brand kit on your plan',
  [errorCodes.monthlyQuotaExceeded]: 'You’ve hit this month’s asset limit',
  [errorCodes.coachRequiresStudio]: 'Prompt Coach is a Studio feature',
};

function suggestedTier(error: ApiError, current: string): 'pro' | 'studio' {
  if (error.code === errorCodes.coachRequiresStudio || current === 'pro' || current === 'studio') {
    return 'studio';
  }
  return 'pro';
}

export function UpgradePrompt() {
  const error = useStore(upgradeStore);
  const state = useSession();
  const tier = state.user?.subscriptionTier ?? 'free';
  const close = () => upgradeStore.set(null);
  if (!error) {
    return <Modal open={false} onClose={close} title="Upgrade" children={null} />;
  }
  const target = suggestedTier(error, tier);
  const limit = detailNumber(error, 'limit');
  const resetsAt = detailString(error, 'resets_at');
  return (
    <Modal
      open
      onClose={close}
      title={headlines[error.code] ?? 'Upgrade to unlock this'}
      size="lg"
      class="upgrade-modal"
      footer={
        <>
          <Button variant="ghost" onClick={close}>
            Not now
          </Button>
          <ButtonLink href="/settings#plan" variant="primary" icon="crown" onClick={close}>
            Move to {tierName(target)}
          </ButtonLink>
        </>
      }
    >
      <div class="upgrade-hero">
        <span class="upgrade-badge">
          <Icon name="crown" size={22} />
        </span>
        <div>
          <p class="upgrade-message">{error.message}</p>
          <p class="muted">
            You’re on <strong>{tierName(tier)}</strong>
            {limit !== null ? ` (limit: ${limit})` : ''}.
            {resetsAt ? ` Your quota refills on ${formatDate(resetsAt)}.` : ''}
          </p>
        </div>
      </div>
      <PlanTable current={tier} highlight={target} />
      <PlanChange />
    </Modal>
  );
}
