import { useState } from 'preact/hooks';
import { ApiError, errorCodes } from '@aurastream/contract';
import { signIn, useSession } from '../../api/session';
import { Link, navigate, useLocation } from '../../lib/router';
import { describeError, formatWait } from '../../lib/errors';
import { track } from '../../lib/analytics';
import { TextField } from '../../ui/field';
import { Button } from '../../ui/button';
import { rules, useValidation } from '../../ui/validation';
import { AuthLayout, FormError } from './auth-layout';
import { PasswordField } from './password-field';
import { TwitchSignInOption } from './twitch-button';

/** Where to go after signing in: `?next=` when it is one of our own paths. */
export function nextPath(query: URLSearchParams): string {
  const next = query.get('next');
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

const notices: Record<string, string> = {
  expired: 'Your session ended. Sign in again to pick up where you left off.',
  deleted: 'Your account was deleted. Sorry to see you go!',
  reset: 'Your password was changed. Sign in with the new one.',
};

export function SignInPage() {
  const { query } = useLocation();
  const state = useSession();
  const [email, setEmail] = useState(query.get('email') ?? '');
  const [password, setPassword] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const emailCheck = useValidation(email, [rules.required('Your e-mail'), rules.email()], { force: submitted });
  const passwordCheck = useValidation(password, [rules.required('Your password')], { force: submitted });
  const reason = query.get('notice') ?? (state.status === 'signed_out' ? state.reason : undefined);

  const submit = async (event: Event) => {
    event.preventDefault();
    setSubmitted(true);
    if (!emailCheck.isValid || !passwordCheck.isValid) {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await signIn(email.trim(), password);
      track('login', 'user_action', { method: 'password' });
      navigate(nextPath(query), { replace: true });
    } catch (caught) {
      setBusy(false);
      if (caught instanceof ApiError && caught.status === 401) {
        setError('That e-mail and password don’t match. Check both, or reset your password.');
      } else if (caught instanceof ApiError && caught.code === errorCodes.loginLocked) {
        setError(
          `Too many attempts. For your security, sign-in from here is paused${caught.retryAfterSeconds ? ` for ${formatWait(caught.retryAfterSeconds)}` : ''}. If it’s your account, the link we e-mailed you lifts the pause at once.`,
        );
      } else {
        setError(describeError(caught));
      }
    }
  };

  return (
    <AuthLayout
      title="Welcome back"
      subtitle={
        <>
          New here? <Link href="/signup">Create a free account</Link>
        </>
      }
    >
      {reason && notices[reason] && (
        <div class="notice" role="status">
          {notices[reason]}
        </div>
      )}
      <TwitchSignInOption />
      <form class="stack" onSubmit={(event) => void submit(event)} noValidate>
        <FormError message={error} />
        <TextField
          label="E-mail"
          type="email"
          autocomplete="email"
          value={email}
          onValue={setEmail}
          status={emailCheck.status === 'invalid' ? 'invalid' : 'idle'}
          message={emailCheck.message}
          required
        />
        <PasswordField
          label="Password"
          value={password}
          onValue={setPassword}
          autocomplete="current-password"
          status={passwordCheck.status === 'invalid' ? 'invalid' : 'idle'}
          message={passwordCheck.message}
        />
        <div class="row-between">
          <Link href={`/forgot-password${email ? `?email=${encodeURIComponent(email)}` : ''}`} class="small-link">
            Forgot password?
          </Link>
        </div>
        <Button type="submit" variant="primary" size="lg" block busy={busy}>
          Sign in
        </Button>
      </form>
    </AuthLayout>
  );
}
