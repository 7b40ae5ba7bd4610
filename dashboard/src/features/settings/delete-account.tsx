import { useState } from 'preact/hooks';
import { ApiError } from '@aurastream/contract';
import { api } from '../../api/client';
import { forgetSession, useUser } from '../../api/session';
import { navigate } from '../../lib/router';
import { describeError } from '../../lib/errors';
import { Card } from '../../ui/page';
import { Button } from '../../ui/button';
import { Modal } from '../../ui/modal';
import { TextField } from '../../ui/field';
import { PasswordField } from '../auth/password-field';
import { FormError } from '../auth/auth-layout';

/** Deleting the account needs the password and the word DELETE: it removes everything, for good. */
export function DeleteAccount() {
  const user = useUser();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    setOpen(false);
    setPassword('');
    setConfirm('');
    setError(null);
  };
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.auth.deleteMe({ body: { password } });
      forgetSession();
      navigate('/login?notice=deleted', { replace: true });
    } catch (caught) {
      setBusy(false);
      setError(
        caught instanceof ApiError && caught.status === 403 ? 'That password isn’t right.' : describeError(caught),
      );
    }
  };
  return (
    <Card title="Danger zone" class="card-danger">
      <p class="muted">
        Deleting your account removes your brand kits, logos, generations, assets and connections. This can’t be undone.
      </p>
      <div>
        <Button variant="danger" icon="trash" onClick={() => setOpen(true)}>
          Delete my account
        </Button>
      </div>
      <Modal open={open} onClose={close} title="Delete your account?" size="sm">
        <form class="stack" onSubmit={(event) => void submit(event)}>
          <FormError message={error} />
          <p>
            Everything in <strong>{user.email}</strong>’s studio will be deleted right away.
          </p>
          <PasswordField label="Your password" value={password} onValue={setPassword} autocomplete="current-password" />
          <TextField label='Type "DELETE" to confirm' value={confirm} onValue={setConfirm} autocomplete="off" />
          <div class="form-actions">
            <Button variant="ghost" onClick={close}>
              Keep my account
            </Button>
            <Button type="submit" variant="danger" busy={busy} disabled={!password || confirm !== 'DELETE'}>
              Delete forever
            </Button>
          </div>
        </form>
      </Modal>
    </Card>
  );
}
