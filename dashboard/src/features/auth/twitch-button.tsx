import { useState } from 'preact/hooks';
import { api } from '../../api/client';
import { Button } from '../../ui/button';
import { reportError } from '../upgrade/upgrade-prompt';
import { track } from '../../lib/analytics';

/** Starts Twitch sign-in (or, when signed in, connecting Twitch to the account). */
export function TwitchButton({
  label = 'Continue with Twitch',
  block = true,
  returnTo = '/',
}: {
  label?: string;
  block?: boolean;
  /** Where the dashboard goes once Twitch sends the browser back. */
  returnTo?: string;
}) {
  const [busy, setBusy] = useState(false);
  const start = async () => {
    setBusy(true);
    try {
      const { authorizationUrl } = await api.auth.startOAuth({ params: { provider: 'twitch' } });
      sessionStorage.setItem('aurastream:oauth-return', returnTo);
      track('oauth_started', 'user_action', { provider: 'twitch' });
      window.location.assign(authorizationUrl);
    } catch (error) {
      setBusy(false);
      reportError(error);
    }
  };
  return (
    <Button variant="twitch" icon="twitch" block={block} busy={busy} onClick={() => void start()}>
      {label}
    </Button>
  );
}
