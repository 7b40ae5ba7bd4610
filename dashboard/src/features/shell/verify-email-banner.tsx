import { useState } from 'preact/hooks';
import { api } from '../../api/client';
import { useUser } from '../../api/session';
import { Icon } from '../../ui/icons';
import { notify } from '../../ui/toasts';
import { reportError } from '../upgrade/upgrade-prompt';

/** Reminds an unverified streamer to confirm their address, with a resend button. */
export function VerifyEmailBanner() {
  const user = useUser();
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  if (user.emailVerified) {
    return null;
  }
  const resend = async () => {
    setBusy(true);
    try {
      await api.auth.requestEmailVerification();
      setSent(true);
      notify('success', `We sent a new link to ${user.email}`);
    } catch (error) {
      reportError(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="banner" role="status">
      <Icon name="mail" size={18} />
      <span>
        Confirm <strong>{user.email}</strong> with the link we e-mailed you, so you can recover your account.
      </span>
      <button type="button" class="banner-action" disabled={busy || sent} onClick={() => void resend()}>
        {sent ? 'Link sent' : 'Resend link'}
      </button>
    </div>
  );
}
