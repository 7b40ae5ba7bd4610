import { useState } from 'preact/hooks';
import type { TwitchScopeSet } from '@aurastream/contract';
import { api } from '../../api/client';
import { Button } from '../../ui/button';
import { reportError } from '../upgrade/upgrade-prompt';
import { track } from '../../lib/analytics';
import { useAuthProviders } from './providers';

/**
 * Starts Twitch sign-in (or, when signed in, connecting Twitch to the account; with `scopes`,
 * granting a feature's permissions: incremental consent). Renders nothing when this server has no
 * Twitch, so nobody is offered a button that cannot work.
 */
export function TwitchButton({
  label = 'Continue with Twitch',
  block = true,
  returnTo = '/',
  scopes,
  variant = 'twitch',
}: {
  label?: string;
  block?: boolean;
  /** Where the dashboard goes once Twitch sends the browser back. */
  returnTo?: string;
  /** A feature's permissions to ask for besides those already granted. */
  scopes?: TwitchScopeSet;
  variant?: 'twitch' | 'secondary';
}) {
  const providers = useAuthProviders();
  const [busy, setBusy] = useState(false);
  if (!providers?.twitch.configured) {
    return null;
  }
  const start = async () => {
    setBusy(true);
    try {
      const { authorizationUrl } = await api.auth.startOAuth({
        params: { provider: 'twitch' },
        query: scopes ? { scopes } : {},
      });
      sessionStorage.setItem('aurastream:oauth-return', returnTo);
      track('oauth_started', 'user_action', { provider: 'twitch' });
      window.location.assign(authorizationUrl);
    } catch (error) {
      setBusy(false);
      reportError(error);
    }
  };
  return (
    <Button variant={variant} icon="twitch" block={block} busy={busy} onClick={() => void start()}>
      {label}
    </Button>
  );
}

/**
 * The sign-in and sign-up pages' Twitch option: the button and the divider before the e-mail form,
 * only when this server offers Twitch; with the simulated Twitch of development it says so.
 */
export function TwitchSignInOption({ label }: { label?: string }) {
  const providers = useAuthProviders();
  if (!providers?.twitch.configured) {
    return null;
  }
  return (
    <>
      <div class="stack-sm">
        <TwitchButton label={label} />
        {providers.twitch.simulated && (
          <p class="muted small twitch-simulated-note">
            Simulated Twitch: this development server signs you in with fake Twitch accounts.
          </p>
        )}
      </div>
      <div class="divider">
        <span>or with e-mail</span>
      </div>
    </>
  );
}
