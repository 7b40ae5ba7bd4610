import { useState } from 'preact/hooks';
import { ApiError, DISPLAY_NAME_MAX_LENGTH } from '@aurastream/contract';
import { signUp } from '../../api/session';
import { Link, navigate } from '../../lib/router';
import { describeError, fieldProblems } from '../../lib/errors';
import { track } from '../../lib/analytics';
import { TextField } from '../../ui/field';
import { Button } from '../../ui/button';
import { newPasswordRules, rules, useValidation } from '../../ui/validation';
import { AuthLayout, FormError } from './auth-layout';
import { PasswordField } from './password-field';
import { TwitchSignInOption } from './twitch-button';

export function SignUpPage() {
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [serverProblems, setServerProblems] = useState<Record<string, string>>({});

  const nameCheck = useValidation(
    displayName,
    [rules.required('Your streamer name'), rules.maxLength(DISPLAY_NAME_MAX_LENGTH, 'Your name')],
    {
      force: submitted,
    },
  );
  const emailCheck = useValidation(email, [rules.required('Your e-mail'), rules.email()], { force: submitted });
  const passwordCheck = useValidation(
    password,
    [
      ...newPasswordRules('Your password'),
      rules.notEqual(() => email.trim(), 'Choose a password that isn’t your e-mail address'),
    ],
    { force: submitted },
  );

  const submit = async (event: Event) => {
    event.preventDefault();
    setSubmitted(true);
    if (!nameCheck.isValid || !emailCheck.isValid || !passwordCheck.isValid) {
      return;
    }
    setBusy(true);
    setError(null);
    setServerProblems({});
    try {
      await signUp({ email: email.trim(), password, displayName: displayName.trim() });
      track('signup', 'user_action', { method: 'password' });
      navigate('/', { replace: true });
    } catch (caught) {
      setBusy(false);
      const problems = Object.fromEntries(fieldProblems(caught).map((problem) => [problem.field, problem.message]));
      setServerProblems(problems);
      if (caught instanceof ApiError && caught.status === 409) {
        setError('An account with this e-mail already exists. Sign in instead?');
      } else if (Object.keys(problems).length === 0) {
        setError(describeError(caught));
      }
    }
  };

  const serverMessage = (field: string) => serverProblems[field] ?? null;
  return (
    <AuthLayout
      title="Create your studio"
      subtitle={
        <>
          Already streaming with us? <Link href="/login">Sign in</Link>
        </>
      }
    >
      <TwitchSignInOption label="Sign up with Twitch" />
      <form class="stack" onSubmit={(event) => void submit(event)} noValidate>
        <FormError message={error} />
        <TextField
          label="Streamer name"
          autocomplete="nickname"
          value={displayName}
          onValue={setDisplayName}
          status={serverMessage('display_name') ? 'invalid' : nameCheck.status}
          message={serverMessage('display_name') ?? nameCheck.message}
          success="Nice name"
          maxLength={50}
          required
        />
        <TextField
          label="E-mail"
          type="email"
          autocomplete="email"
          value={email}
          onValue={setEmail}
          status={serverMessage('email') ? 'invalid' : emailCheck.status}
          message={serverMessage('email') ?? emailCheck.message}
          success="Looks good"
          required
        />
        <PasswordField
          label="Password"
          value={password}
          onValue={setPassword}
          autocomplete="new-password"
          meter
          status={serverMessage('password') ? 'invalid' : passwordCheck.status}
          message={serverMessage('password') ?? passwordCheck.message}
        />
        <Button type="submit" variant="primary" size="lg" block busy={busy}>
          Create account
        </Button>
        <p class="fine-print">We’ll e-mail you a link to confirm your address. No spam, ever.</p>
      </form>
    </AuthLayout>
  );
}
