import { useEffect, useState } from 'preact/hooks';
import { errorCodes } from '@aurastream/contract';
import { refreshSession, reloadUser, useSession } from '../../api/session';
import { navigate, useLocation } from '../../lib/router';
import { track } from '../../lib/analytics';
import { ButtonLink } from '../../ui/button';
import { Icon } from '../../ui/icons';
import { AuthLayout } from './auth-layout';

/** The outcome of following an e-mailed link: a tick or a warning, and what it means. */
function LinkOutcome({ success, children }: { success: boolean; children: string }) {
  return (
    <div class={`success-panel ${success ? '' : 'is-error'}`}>
      <span class="success-icon">
        <Icon name={success ? 'check' : 'alert'} size={26} />
      </span>
      <p>{children}</p>
    </div>
  );
}

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
      <LinkOutcome success={success}>
        {success
          ? 'Thanks! Your address is confirmed, so you can always get back into your account.'
          : `${verificationErrors[code] ?? 'We couldn’t verify this link.'} ${signedIn ? 'Ask for a fresh one from the banner at the top of your dashboard.' : 'Sign in and ask for a fresh one.'}`}
      </LinkOutcome>
      <ButtonLink href={signedIn ? '/' : '/login'} variant="primary" block>
        {signedIn ? 'Go to my dashboard' : 'Sign in'}
      </ButtonLink>
    </AuthLayout>
  );
}

const unlockErrors: Record<string, string> = {
  [errorCodes.tokenInvalid]: 'This unlock link isn’t valid.',
  [errorCodes.tokenUsed]: 'This link was already used, or a newer one replaced it.',
  [errorCodes.tokenExpired]: 'This link has expired (they last 1 hour).',
};

/** Where the "sign-in was locked" e-mail's link redirects: `/auth/login-unlocked?status=success|error&code=…`. */
export function LoginUnlockedPage() {
  const { query } = useLocation();
  const success = query.get('status') === 'success';
  const code = query.get('code') ?? errorCodes.tokenInvalid;
  return (
    <AuthLayout title={success ? 'Sign-in unlocked' : 'That link didn’t work'}>
      <LinkOutcome success={success}>
        {success
          ? 'You can sign in again right away. If the wrong passwords weren’t yours, consider a new password.'
          : `${unlockErrors[code] ?? 'We couldn’t use this link.'} The lock ends by itself after a few minutes, or reset your password to get in now.`}
      </LinkOutcome>
      <ButtonLink href="/login" variant="primary" block>
        Sign in
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
