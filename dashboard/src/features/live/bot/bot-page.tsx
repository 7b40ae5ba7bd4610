import { useEffect, useState } from 'preact/hooks';
import { api } from '../../../api/client';
import { useUser } from '../../../api/session';
import { formatDate } from '../../../lib/format';
import { Button } from '../../../ui/button';
import { Card, PageHeader } from '../../../ui/page';
import { notify } from '../../../ui/toasts';
import { reportError } from '../../upgrade/upgrade-prompt';
import { TwitchButton } from '../../auth/twitch-button';
import { BotAccountCard } from './bot-account-card';
import { STATE_TEXT, TRANSPORT_LABELS } from './bot-labels';
import { BotSettingsForm } from './bot-settings-form';
import { SimulatedChatBox } from './simulated-chat-box';

type Status = Awaited<ReturnType<typeof api.chatBot.get>>;

/** Asks Twitch for the bot's scopes (incremental consent) and comes back here. */
async function grantChatAccess(): Promise<void> {
  const { authorizationUrl } = await api.auth.startOAuth({
    params: { provider: 'twitch' },
    query: { scopes: 'chat_bot' },
  });
  sessionStorage.setItem('aurastream:oauth-return', '/live/bot');
  window.location.assign(authorizationUrl);
}

/** Live → Bot: the chat bot's switch, state, identity, commands and a simulated chat to try it. */
export function BotPage() {
  const user = useUser();
  const [status, setStatus] = useState<Status | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.chatBot.get().then(setStatus, reportError);
    const outcome = new URLSearchParams(window.location.search);
    if (outcome.get('bot_account') === 'connected') {
      notify('success', 'The bot’s Twitch account is connected');
    } else if (outcome.get('bot_account') === 'error') {
      notify('error', outcome.get('message') ?? 'The bot account could not be connected');
    }
  }, []);

  const toggle = async (enabled: boolean) => {
    setBusy(true);
    try {
      setStatus(await api.chatBot.updateSettings({ body: { enabled } }));
    } catch (error) {
      reportError(error);
    } finally {
      setBusy(false);
    }
  };

  const state = status ? STATE_TEXT[status.channel.state] : null;
  return (
    <div class="page stack-lg">
      <PageHeader
        eyebrow="Live"
        title="Chat bot"
        description="AuraStream in your Twitch chat: viewers suggest and vote on ideas, your moderators approve them, and you make assets without leaving the stream."
      />
      {!status || !state ? (
        <p class="muted" role="status">
          Loading the bot…
        </p>
      ) : (
        <>
          <Card title="Your bot">
            <div class="stack">
              <label class="switch">
                <input
                  type="checkbox"
                  role="switch"
                  checked={status.settings.enabled}
                  disabled={busy}
                  onChange={(event) => void toggle(event.currentTarget.checked)}
                />
                <span class="switch-track" aria-hidden="true" />
                <span>Bot on in my channel</span>
              </label>
              <p role="status">
                <span class={`chip ${state.tone === 'ok' ? 'chip-accent' : 'chip-muted'}`}>{state.label}</span>{' '}
                <span class="muted">{state.help}</span>
              </p>
              {status.channel.state === 'needs_consent' && (
                <div>
                  <p class="muted small">Twitch will ask for: {status.channel.missingScopes.join(', ')}</p>
                  <Button variant="twitch" icon="twitch" onClick={() => void grantChatAccess().catch(reportError)}>
                    Let the bot into my chat
                  </Button>
                </div>
              )}
              {(status.channel.state === 'needs_twitch' || status.channel.state === 'revoked') && (
                <TwitchButton label="Connect Twitch" block={false} returnTo="/live/bot" />
              )}
              <dl class="bot-facts">
                <dt>Speaks as</dt>
                <dd>
                  {status.identity.login ? `@${status.identity.login}` : 'not known yet'}{' '}
                  <span class="muted">
                    {status.speaksAs === 'bot_account'
                      ? '(the AuraStream bot account)'
                      : '(you: no bot account is connected)'}
                  </span>
                </dd>
                <dt>Transport</dt>
                <dd>{TRANSPORT_LABELS[status.transport]}</dd>
                <dt>Channel</dt>
                <dd>{status.channel.login ? `#${status.channel.login}` : 'none connected'}</dd>
                <dt>Last seen</dt>
                <dd>{status.lastSeenAt ? formatDate(status.lastSeenAt) : 'no bot process has joined yet'}</dd>
              </dl>
            </div>
          </Card>
          <Card title="Commands">
            <BotSettingsForm settings={status.settings} onSaved={setStatus} />
          </Card>
          {status.simulatedChat && status.channel.login && (
            <Card title="Try it in the simulated chat">
              <SimulatedChatBox />
            </Card>
          )}
          {user.role === 'admin' && <BotAccountCard />}
        </>
      )}
    </div>
  );
}
