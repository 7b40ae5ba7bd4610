import { useEffect, useState } from 'preact/hooks';
import { CHAT_MESSAGE_MAX_LENGTH, type ViewerRole } from '@aurastream/contract';
import { api } from '../../../api/client';
import { Button } from '../../../ui/button';
import { SelectField, TextField } from '../../../ui/field';
import { reportError } from '../../upgrade/upgrade-prompt';
import { ROLE_LABELS } from './bot-labels';

type ChatLog = Awaited<ReturnType<typeof api.chatBot.simulatedChatLog>>['messages'];

const POLL_MS = 1500;
const ROLES = (['viewer', 'subscriber', 'vip', 'moderator', 'broadcaster'] as const).map((value) => ({
  value,
  label: value === 'broadcaster' ? 'You (the streamer)' : `A ${ROLE_LABELS[value].replace(/s$/u, '').toLowerCase()}`,
}));

/** Says something in the channel on the simulated Twitch and shows the chat, the bot's replies included. */
export function SimulatedChatBox() {
  const [text, setText] = useState('!aura help');
  const [role, setRole] = useState<ViewerRole>('viewer');
  const [log, setLog] = useState<ChatLog>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let stopped = false;
    const poll = async () => {
      try {
        const { messages } = await api.chatBot.simulatedChatLog();
        if (!stopped) {
          setLog(messages);
        }
      } catch {
        // the next poll tries again
      }
    };
    void poll();
    const timer = setInterval(() => void poll(), POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);

  const send = async (event: Event) => {
    event.preventDefault();
    if (!text.trim()) {
      return;
    }
    setBusy(true);
    try {
      await api.chatBot.sendSimulatedChat({ body: { text: text.trim(), role } });
      setText('');
    } catch (error) {
      reportError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="stack">
      <ol class="sim-chat" aria-label="Your channel’s chat on the simulated Twitch" aria-live="polite">
        {log.length === 0 && <li class="muted small">No messages yet. Say something below.</li>}
        {log.map((line) => (
          <li key={line.id} class={`sim-chat-line ${line.fromBot ? 'is-bot' : ''}`}>
            <strong>{line.displayName}</strong>
            {line.fromBot && <span class="chip chip-tiny chip-accent">bot</span>} <span>{line.text}</span>
            {line.dropped && <span class="chip chip-tiny chip-muted">dropped: {line.dropped}</span>}
          </li>
        ))}
      </ol>
      <form class="sim-chat-form" onSubmit={(event) => void send(event)}>
        <SelectField label="Who says it" value={role} onValue={setRole} options={ROLES} />
        <TextField
          label="Message"
          value={text}
          onValue={setText}
          maxLength={CHAT_MESSAGE_MAX_LENGTH}
          placeholder="!aura idea a neon fox"
        />
        <div class="form-actions">
          <Button type="submit" variant="primary" icon="send" busy={busy}>
            Send to chat
          </Button>
        </div>
      </form>
    </div>
  );
}
