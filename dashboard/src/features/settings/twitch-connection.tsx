import { useEffect, useState } from 'preact/hooks';
import { TWITCH_SCOPE_DESCRIPTIONS, type Camelize, type TwitchConnectionResponse } from '@aurastream/contract';
import { api } from '../../api/client';
import { formatDate, formatRelativeTime } from '../../lib/format';
import { markTwitchChanged, useTwitchChanges } from '../../lib/twitch-changes';
import { Button } from '../../ui/button';
import { Modal } from '../../ui/modal';
import { notify } from '../../ui/toasts';
import { reportError } from '../upgrade/upgrade-prompt';
import { TwitchButton } from '../auth/twitch-button';
import { useAuthProviders } from '../auth/providers';

type Connection = Camelize<TwitchConnectionResponse>;

/** Twitch's scope in the streamer's words (Settings lists what was granted). */
export function scopeDescription(scope: string): string {
  return TWITCH_SCOPE_DESCRIPTIONS[scope] ?? scope;
}

function CopyableId({ value }: { value: string }) {
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      notify('success', 'Channel id copied');
    } catch {
      notify('error', 'Copying is blocked in this browser; select the id instead');
    }
  };
  return (
    <span class="copyable">
      <code>{value}</code>
      <Button size="sm" variant="ghost" icon="copy" onClick={() => void copy()}>
        Copy
      </Button>
    </span>
  );
}

function ConnectedDetails({ connection, onDisconnect }: { connection: Connection; onDisconnect: () => void }) {
  const revoked = connection.status === 'revoked';
  return (
    <div class="stack">
      {revoked && (
        <div class="form-error" role="alert">
          Twitch no longer accepts AuraStream’s access to your channel
          {connection.statusReason === 'authorization_revoked' ? ' (it was disconnected on Twitch)' : ''}. Connect
          Twitch again to bring the reward back.
        </div>
      )}
      <dl class="detail-list">
        <div>
          <dt>Channel</dt>
          <dd>
            <strong>{connection.channelName ?? connection.channelLogin}</strong>
            {connection.channelLogin && <span class="muted"> · twitch.tv/{connection.channelLogin}</span>}
          </dd>
        </div>
        <div>
          <dt>Channel id</dt>
          <dd>
            <CopyableId value={connection.channelId ?? ''} />
            <span class="muted small"> The panel extension asks for it.</span>
          </dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            <span class={`chip ${revoked ? 'chip-danger' : 'chip-success'}`}>{revoked ? 'Revoked' : 'Connected'}</span>
            {connection.connectedAt && <span class="muted small"> since {formatDate(connection.connectedAt)}</span>}
            {connection.validatedAt && !revoked && (
              <span class="muted small"> · checked with Twitch {formatRelativeTime(connection.validatedAt)}</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Permissions granted</dt>
          <dd>
            <ul class="scope-list">
              {connection.grantedScopes.map((scope) => (
                <li key={scope}>
                  <code>{scope}</code> <span class="muted small">{scopeDescription(scope)}</span>
                </li>
              ))}
            </ul>
          </dd>
        </div>
      </dl>
      <div class="form-actions">
        {revoked && <TwitchButton label="Connect Twitch again" block={false} returnTo="/settings#twitch" />}
        <Button variant="danger" icon="x" onClick={onDisconnect}>
          Disconnect Twitch
        </Button>
      </div>
    </div>
  );
}

/** Settings → Twitch: connected or not, the channel (name and id), what was granted, disconnect. */
export function TwitchConnectionSection() {
  const providers = useAuthProviders();
  const version = useTwitchChanges();
  const [connection, setConnection] = useState<Connection | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let live = true;
    api.twitchConnection
      .get()
      .then((answer) => live && setConnection(answer))
      .catch(reportError);
    return () => {
      live = false;
    };
  }, [version]);

  const disconnect = async () => {
    setBusy(true);
    try {
      await api.twitchConnection.disconnect();
      notify('success', 'Twitch disconnected. AuraStream’s access was withdrawn at Twitch.');
      setConfirming(false);
      markTwitchChanged();
    } catch (error) {
      reportError(error);
    } finally {
      setBusy(false);
    }
  };

  const simulated = providers?.twitch.simulated ?? connection?.simulated ?? false;
  return (
    <section id="twitch" class="card" aria-labelledby="twitch-title">
      <header class="card-header">
        <h2 class="card-title" id="twitch-title">
          <span class="connection-icon connection-icon-sm twitch-bg" aria-hidden="true">
            T
          </span>
          Twitch
        </h2>
        {simulated && <span class="chip chip-accent">Simulated Twitch</span>}
      </header>
      {connection === null ? (
        <p class="muted">Loading your Twitch connection…</p>
      ) : connection.connected ? (
        <ConnectedDetails connection={connection} onDisconnect={() => setConfirming(true)} />
      ) : providers && !providers.twitch.configured ? (
        <p class="muted">
          Twitch is not set up on this AuraStream server, so channels cannot be connected. Ask your administrator to add
          Twitch’s client id and secret.
        </p>
      ) : (
        <div class="connection-row">
          <p class="muted grow">
            Connect your channel so generations and the coach use its title and category, and so viewers can suggest
            emotes with channel points. AuraStream asks only for your e-mail now; each feature asks for what it needs
            when you turn it on.
          </p>
          <TwitchButton label="Connect Twitch" block={false} returnTo="/settings#twitch" />
        </div>
      )}
      <Modal
        open={confirming}
        onClose={() => setConfirming(false)}
        title="Disconnect Twitch?"
        size="sm"
        footer={
          <>
            <Button variant="secondary" onClick={() => setConfirming(false)}>
              Keep connected
            </Button>
            <Button variant="danger" busy={busy} onClick={() => void disconnect()}>
              Disconnect
            </Button>
          </>
        }
      >
        <p>
          AuraStream withdraws its access at Twitch and forgets the tokens. The channel-point reward is removed from
          your channel and its redemptions stop. You can connect again at any time.
        </p>
      </Modal>
    </section>
  );
}
