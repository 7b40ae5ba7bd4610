import { useState } from 'preact/hooks';
import { ApiError } from '@aurastream/contract';
import { sessionApi } from '../../api/client';
import { Link, navigate, useLocation } from '../../lib/router';
import { describeError, fieldProblems } from '../../lib/errors';
import { track } from '../../lib/analytics';
import { TextField } from '../../ui/field';
import { Button, ButtonLink } from '../../ui/button';
import { Icon } from '../../ui/icons';
import { newPasswordRules, rules, useValidation } from '../../ui/validation';
import { AuthLayout, FormError } from './auth-layout';
import { PasswordField } from './password-field';

/** "Forgot password?": asks for the address and always answers the same (no account probing). */
export function ForgotPasswordPage() {
  const { query } = useLocation();
  const [email, setEmail] = useState(query.get('email') ?? '');
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const emailCheck = useValidation(email, [rules.required('Your e-mail'), rules.email()], { force: submitted });

  const submit = async (event: Event) => {
    event.preventDefault();
    setSubmitted(true);
    if (!emailCheck.isValid) {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await sessionApi.auth.requestPasswordReset({ body: { email: email.trim() } });
      track('password_reset_requested', 'user_action');
      setSentTo(email.trim());
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  };

  if (sentTo) {
    return (
      <AuthLayout title="Check your inbox">
        <div class="success-panel">
          <span class="success-icon">
            <Icon name="mail" size={26} />
          </span>
          <p>
            If <strong>{sentTo}</strong> has an AuraStream account, a link to choose a new password is on its way. It
            works once and expires in an hour.
          </p>
        </div>
        <ButtonLink href="/login" variant="secondary" block>
          Back to sign in
        </ButtonLink>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Reset your password" subtitle="Enter your e-mail and we’ll send you a link to choose a new one.">
      <form class="stack" onSubmit={(event) => void submit(event)} noValidate>
        <FormError message={error} />
        <TextField
          label="E-mail"
          type="email"
          autocomplete="email"
          value={email}
          onValue={setEmail}
          status={emailCheck.status}
          message={emailCheck.message}
          required
        />
        <Button type="submit" variant="primary" size="lg" block busy={busy}>
          Send reset link
        </Button>
        <p class="fine-print">
          Remembered it? <Link href="/login">Sign in</Link>
        </p>
      </form>
    </AuthLayout>
  );
}

const tokenProblems: Record<string, string> = {
  token_invalid: 'This reset link isn’t valid. Ask for a new one below.',
  token_used: 'This reset link was already used (or replaced by a newer one). Ask for a new one below.',
  token_expired: 'This reset link has expired: they last an hour. Ask for a new one below.',
};

/** The e-mail's link lands here: `/reset-password?token=…`. */
export function ResetPasswordPage() {
  const { query } = useLocation();
  const token = query.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(token ? null : tokenProblems.token_invalid!);
  const [badToken, setBadToken] = useState(!token);
  const passwordCheck = useValidation(password, newPasswordRules('Your password'), {
    force: submitted,
  });
  const confirmCheck = useValidation(confirm, [rules.equal(() => password, 'The two passwords don’t match')], {
    force: submitted,
  });

  const submit = async (event: Event) => {
    event.preventDefault();
    setSubmitted(true);
    if (!passwordCheck.isValid || !confirmCheck.isValid) {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await sessionApi.auth.confirmPasswordReset({ body: { token, newPassword: password } });
      track('password_reset_completed', 'user_action');
      navigate('/login?notice=reset', { replace: true });
    } catch (caught) {
      setBusy(false);
      if (caught instanceof ApiError && tokenProblems[caught.code]) {
        setBadToken(true);
        setError(tokenProblems[caught.code] ?? null);
      } else {
        const problem = fieldProblems(caught).find((item) => item.field.endsWith('new_password'));
        setError(problem ? `Password ${problem.message}` : describeError(caught));
      }
    }
  };

  return (
    <AuthLayout title="Choose a new password" subtitle="Setting it signs you out on every other device.">
      <form class="stack" onSubmit={(event) => void submit(event)} noValidate>
        <FormError message={error} />
        {badToken ? (
          <ButtonLink href="/forgot-password" variant="primary" block>
            Send me a new link
          </ButtonLink>
        ) : (
          <>
            <PasswordField
              label="New password"
              value={password}
              onValue={setPassword}
              autocomplete="new-password"
              meter
              status={passwordCheck.status}
              message={passwordCheck.message}
            />
            <PasswordField
              label="Repeat it"
              value={confirm}
              onValue={setConfirm}
              autocomplete="new-password"
              status={confirmCheck.status}
              message={confirmCheck.message}
              success="They match"
            />
            <Button type="submit" variant="primary" size="lg" block busy={busy}>
              Save new password
            </Button>
          </>
        )}
      </form>
    </AuthLayout>
  );
}
