import { useEffect, useState } from 'preact/hooks';
import { api } from '../../../api/client';
import { Button } from '../../../ui/button';
import { Card } from '../../../ui/page';
import { reportError } from '../../upgrade/upgrade-prompt';

type Account = Awaited<ReturnType<typeof api.chatBotAdmin.getAccount>>;

/** Administrators: the bot's own Twitch account, connected once through Twitch. */
export function BotAccountCard() {
  const [account, setAccount] = useState<Account | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api.chatBotAdmin.getAccount().then(setAccount, reportError);
  }, []);
  const connect = async () => {
    setBusy(true);
    try {
      const { authorizationUrl } = await api.chatBotAdmin.connectAccount();
      window.location.assign(authorizationUrl);
    } catch (error) {
      setBusy(false);
      reportError(error);
    }
  };
  const disconnect = async () => {
    setBusy(true);
    try {
      setAccount(await api.chatBotAdmin.disconnectAccount());
    } catch (error) {
      reportError(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="Bot account (administrators)">
      {!account ? (
        <p class="muted">Loading…</p>
      ) : (
        <div class="stack">
          <p>
            {account.connected ? (
              <>
                Connected as <strong>@{account.login}</strong>{' '}
                <span class={`chip ${account.status === 'active' ? 'chip-accent' : 'chip-muted'}`}>
                  {account.status === 'active' ? 'active' : 'refused by Twitch'}
                </span>
              </>
            ) : (
              'No bot account: the bot speaks as each streamer.'
            )}
          </p>
          {account.statusReason && <p class="muted small">{account.statusReason}</p>}
          <div class="form-actions">
            <Button variant="twitch" icon="twitch" busy={busy} onClick={() => void connect()}>
              {account.connected ? 'Connect another account' : 'Connect the bot account'}
            </Button>
            {account.connected && (
              <Button busy={busy} onClick={() => void disconnect()}>
                Disconnect
              </Button>
            )}
          </div>
        </div>
      )}
    </Card>
  );
}
