import { useEffect, useState } from 'preact/hooks';
import { errorCodes } from '@aurastream/contract';
import { refreshSession, reloadUser, useSession } from '../../api/session';
import { navigate, useLocation } from '../../lib/router';
import { track } from '../../lib/analytics';
import { ButtonLink } from '../../ui/button';
import { Icon } from '../../ui/icons';
import { AuthLayout } from './auth-layout';

const verificationErrors: Record<string, string> = {
  [errorCodes.tokenInvalid]: 'This verification link isn’t valid.',
  [errorCodes.tokenUsed]: 'This link was already used, or a newer one replaced it.',
  [errorCodes.tokenExpired]: 'This link has expired (they last 24 hours).',
};

/** Where the verification link redirects: `/auth/email-verified?status=success|error&code=…`. */
export function EmailVerifiedPage() {
  const { query } = useLocation();
  const state = useSession();
  const success = query.get('status') === 'success';
  const code = query.get('code') ?? errorCodes.tokenInvalid;
  useEffect(() => {
    if (success) {
      track('email_verified', 'user_action');
      void reloadUser();
    }
  }, [success]);
  const signedIn = state.status === 'signed_in';
  return (
    <AuthLayout title={success ? 'E-mail confirmed' : 'That link didn’t work'}>
      <div class={`success-panel ${success ? '' : 'is-error'}`}>
        <span class="success-icon">
          <Icon name={success ? 'check' : 'alert'} size={26} />
        </span>
        <p>
          {success
            ? 'Thanks! Your address is confirmed, so you can always get back into your account.'
            : `${verificationErrors[code] ?? 'We couldn’t verify this link.'} ${signedIn ? 'Ask for a fresh one from the banner at the top of your dashboard.' : 'Sign in and ask for a fresh one.'}`}
        </p>
      </div>
      <ButtonLink href={signedIn ? '/' : '/login'} variant="primary" block>
        {signedIn ? 'Go to my dashboard' : 'Sign in'}
      </ButtonLink>
    </AuthLayout>
  );
}

/** Where Twitch sign-in ends: `/auth/oauth/complete?provider=twitch&status=success|error`. */
export function OAuthCompletePage() {
  const { query } = useLocation();
  const success = query.get('status') === 'success';
  const provider = query.get('provider') ?? 'twitch';
  const [failed, setFailed] = useState(!success);
  useEffect(() => {
    if (!success) {
      return;
    }
    // the callback set the session cookies; exchange them for an access token
    void refreshSession().then((ok) => {
      if (ok) {
        track('login', 'user_action', { method: provider });
        navigate(sessionStorage.getItem('aurastream:oauth-return') ?? '/', { replace: true });
        sessionStorage.removeItem('aurastream:oauth-return');
      } else {
        setFailed(true);
      }
    });
  }, [success, provider]);
  if (!failed) {
    return (
      <AuthLayout title="Signing you in…">
        <div class="center-spinner" role="status">
          <span class="spinner spinner-lg" aria-hidden="true" /> Connecting your Twitch account
        </div>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Twitch sign-in didn’t finish">
      <div class="success-panel is-error">
        <span class="success-icon">
          <Icon name="alert" size={26} />
        </span>
        <p>{query.get('message') ?? 'Twitch didn’t confirm the sign-in. It may have been cancelled or timed out.'}</p>
      </div>
      <ButtonLink href="/login" variant="primary" block>
        Try again
      </ButtonLink>
    </AuthLayout>
  );
}
