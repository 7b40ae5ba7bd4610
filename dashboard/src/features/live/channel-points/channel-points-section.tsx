import { useEffect, useState } from 'preact/hooks';
import { ApiError, errorCodes, type Camelize, type ChannelPointsResponse } from '@aurastream/contract';
import { api } from '../../../api/client';
import { markTwitchChanged, useTwitchChanges } from '../../../lib/twitch-changes';
import { Button, ButtonLink } from '../../../ui/button';
import { notify } from '../../../ui/toasts';
import { reportError } from '../../upgrade/upgrade-prompt';
import { TwitchButton } from '../../auth/twitch-button';
import { scopeDescription } from '../../settings/twitch-connection';
import { RewardSettingsForm, type RewardForm } from './reward-settings-form';

type ChannelPoints = Camelize<ChannelPointsResponse>;

const stateLabels: Record<ChannelPoints['state'], { label: string; tone: string }> = {
  off: { label: 'Off', tone: 'chip-muted' },
  active: { label: 'Active on Twitch', tone: 'chip-success' },
  disconnected: { label: 'Disconnected', tone: 'chip-danger' },
  not_eligible: { label: 'Not available', tone: 'chip-warning' },
};

function formOf(state: ChannelPoints): RewardForm {
  return {
    title: state.title,
    cost: state.cost,
    prompt: state.prompt,
    globalCooldownSeconds: state.globalCooldownSeconds,
    maxPerStream: state.maxPerStream,
  };
}

/** What went wrong, in the streamer's words (Twitch's refusals come back as 4xx with a message). */
function explain(error: unknown): void {
  if (error instanceof ApiError && error.code === errorCodes.twitchRateLimited) {
    notify('error', `Twitch asks AuraStream to slow down; try again in ${error.retryAfterSeconds ?? 60} seconds.`);
    return;
  }
  reportError(error);
}

function MissingScopes({ state }: { state: ChannelPoints }) {
  if (!state.twitchConnected || state.missingScopes.length === 0) {
    return null;
  }
  return (
    <div class="notice stack-sm" role="status">
      <p>
        <strong>Twitch permissions needed.</strong> To create the reward and refund or complete its redemptions,
        AuraStream needs:
      </p>
      <ul class="scope-list">
        {state.missingScopes.map((scope) => (
          <li key={scope}>
            <code>{scope}</code> <span class="muted small">{scopeDescription(scope)}</span>
          </li>
        ))}
      </ul>
      <div>
        <TwitchButton label="Grant on Twitch" block={false} scopes="channel_points" returnTo="/live#channel-points" />
      </div>
    </div>
  );
}

function RewardIcons({ state }: { state: ChannelPoints }) {
  return (
    <div class="stack-sm">
      <h3 class="subheading">Reward icon</h3>
      <p class="muted small">
        Twitch does not let apps set a reward’s image: download the 112, 56 and 28 px icons and upload them on Twitch’s
        channel-points page (Creator Dashboard → Viewer Rewards → Channel Points → the reward → Image).
      </p>
      {state.rewardIcons.length > 0 ? (
        <ul class="reward-icons">
          {state.rewardIcons.map((icon) => (
            <li key={icon.assetId}>
              <span class="reward-icon-preview is-checker">
                <img src={icon.url} alt={`Reward icon, ${icon.sizeLabel}`} width={Math.min(icon.width, 56)} />
              </span>
              <a class="btn btn-secondary btn-sm" href={icon.url} download>
                {icon.sizeLabel}
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <ButtonLink href="/create" size="sm" variant="secondary" icon="wand">
          Make a reward icon (Create → Reward icon)
        </ButtonLink>
      )}
    </div>
  );
}

/**
 * The channel-point reward ("Suggest an emote"): on or off, its settings, its state at Twitch, the
 * permissions it needs, and the reward icons to upload. Mounted in Settings for now; it belongs on
 * the Live page next to the idea queue (the lead moves it there when both branches are merged).
 */
export function ChannelPointsSection() {
  const version = useTwitchChanges();
  const [state, setState] = useState<ChannelPoints | null>(null);
  const [busy, setBusy] = useState(false);
  /** The switch's position while Twitch is asked (it shows what the streamer chose, then the outcome). */
  const [pendingEnabled, setPendingEnabled] = useState<boolean | null>(null);
  useEffect(() => {
    let live = true;
    api.channelPoints
      .get()
      .then((answer) => live && setState(answer))
      .catch(reportError);
    return () => {
      live = false;
    };
  }, [version]);

  const update = async (body: Partial<RewardForm> & { enabled?: boolean }, done: string) => {
    setBusy(true);
    try {
      setState(await api.channelPoints.update({ body }));
      notify('success', done);
    } catch (error) {
      explain(error);
      // Twitch's refusal is kept on the reward (state, last error): show it
      setState(await api.channelPoints.get().catch(() => state));
    } finally {
      setBusy(false);
      setPendingEnabled(null);
      markTwitchChanged();
    }
  };

  const badge = state ? stateLabels[state.state] : null;
  return (
    <section id="channel-points" class="card" aria-labelledby="channel-points-title">
      <header class="card-header">
        <h2 class="card-title" id="channel-points-title">
          Channel-point reward
        </h2>
        {badge && <span class={`chip ${badge.tone}`}>{badge.label}</span>}
      </header>
      {state === null ? (
        <p class="muted">Loading the reward…</p>
      ) : !state.twitchConnected ? (
        <p class="muted">
          Connect Twitch above first: the reward lives on your channel, and its redemptions become ideas in your queue.
        </p>
      ) : (
        <div class="stack">
          <p class="muted small">
            Viewers spend channel points to suggest an emote; every suggestion waits for your approval, and a rejected
            one is refunded by Twitch.
          </p>
          <MissingScopes state={state} />
          {state.stateMessage && (
            <p class={state.state === 'active' ? 'muted' : 'form-error'} role="status">
              {state.stateMessage}
            </p>
          )}
          {state.lastError && state.state !== 'not_eligible' && state.lastError !== state.stateMessage && (
            <p class="muted small">Last problem talking to Twitch: {state.lastError}</p>
          )}
          <label class="switch">
            <input
              type="checkbox"
              role="switch"
              checked={pendingEnabled ?? state.enabled}
              disabled={busy || state.missingScopes.length > 0}
              onChange={(event) => {
                const enabled = event.currentTarget.checked;
                setPendingEnabled(enabled);
                void update(
                  { enabled },
                  enabled ? 'The reward is live on your channel' : 'The reward was removed from Twitch',
                );
              }}
            />
            <span class="switch-track" aria-hidden="true" />
            <span>Offer the reward on my channel</span>
          </label>
          {state.state === 'disconnected' && state.enabled && (
            <div>
              <Button
                size="sm"
                icon="refresh"
                busy={busy}
                onClick={() => void update({ enabled: true }, 'Reconnected')}
              >
                Reconnect the reward
              </Button>
            </div>
          )}
          <RewardSettingsForm saved={formOf(state)} busy={busy} onSave={(form) => void update(form, 'Reward saved')} />
          <RewardIcons state={state} />
        </div>
      )}
    </section>
  );
}
