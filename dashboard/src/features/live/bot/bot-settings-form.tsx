import { useState } from 'preact/hooks';
import {
  CHAT_BOT_COMMANDS,
  CHAT_BOT_COMMAND_USAGE,
  CHAT_BOT_COOLDOWN_MAX_SECONDS,
  CHAT_BOT_PREFIX_MAX_LENGTH,
  type ChatBotCommand,
  type ViewerRole,
} from '@aurastream/contract';
import { api } from '../../../api/client';
import { Button } from '../../../ui/button';
import { TextField } from '../../../ui/field';
import { notify } from '../../../ui/toasts';
import { reportError } from '../../upgrade/upgrade-prompt';
import { ROLE_LABELS } from './bot-labels';

type Status = Awaited<ReturnType<typeof api.chatBot.get>>;
type Settings = Status['settings'];
type CommandSettings = Settings['commands'][ChatBotCommand];

const ROLE_ORDER: readonly ViewerRole[] = ['viewer', 'subscriber', 'vip', 'moderator', 'broadcaster'];

function seconds(value: string): number {
  const parsed = Math.round(Number(value));
  return Number.isFinite(parsed) ? Math.min(CHAT_BOT_COOLDOWN_MAX_SECONDS, Math.max(0, parsed)) : 0;
}

/** The prefix, each command's switch, minimum role and cooldowns, and the aliases. */
export function BotSettingsForm({ settings, onSaved }: { settings: Settings; onSaved: (status: Status) => void }) {
  const [prefix, setPrefix] = useState(settings.prefix);
  const [commands, setCommands] = useState(settings.commands);
  const [aliases, setAliases] = useState(settings.aliases.map((a) => `${a.alias} ${a.command}`).join('\n'));
  const [busy, setBusy] = useState(false);
  const change = (name: ChatBotCommand, patch: Partial<CommandSettings>) =>
    setCommands({ ...commands, [name]: { ...commands[name], ...patch } });

  const save = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      const parsedAliases = aliases
        .split('\n')
        .map((line) => line.trim().split(/\s+/u))
        .filter((parts) => parts[0])
        .map(([alias = '', command = '']) => ({ alias, command: command.toLowerCase() as ChatBotCommand }));
      onSaved(await api.chatBot.updateSettings({ body: { prefix: prefix.trim(), commands, aliases: parsedAliases } }));
      notify('success', 'Bot settings saved');
    } catch (error) {
      reportError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="stack" onSubmit={(event) => void save(event)} noValidate>
      <TextField
        label="Command prefix"
        hint="Chat types this before each command, e.g. !aura idea a neon fox"
        value={prefix}
        onValue={setPrefix}
        maxLength={CHAT_BOT_PREFIX_MAX_LENGTH}
      />
      <div class="table-scroll">
        <table class="bot-commands">
          <caption class="sr-only">Chat commands</caption>
          <thead>
            <tr>
              <th scope="col">Command</th>
              <th scope="col">On</th>
              <th scope="col">Who may use it</th>
              <th scope="col">Cooldown (s)</th>
              <th scope="col">Per chatter (s)</th>
            </tr>
          </thead>
          <tbody>
            {CHAT_BOT_COMMANDS.map((name) => {
              const command = commands[name];
              return (
                <tr key={name}>
                  <th scope="row">
                    <code>
                      {prefix} {name} {CHAT_BOT_COMMAND_USAGE[name].args}
                    </code>
                    <div class="muted small">{CHAT_BOT_COMMAND_USAGE[name].summary}</div>
                  </th>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`${name} on`}
                      checked={command.enabled}
                      onChange={(event) => change(name, { enabled: event.currentTarget.checked })}
                    />
                  </td>
                  <td>
                    <select
                      class="input select"
                      aria-label={`Who may use ${name}`}
                      value={command.minRole}
                      onChange={(event) => change(name, { minRole: event.currentTarget.value as ViewerRole })}
                    >
                      {ROLE_ORDER.map((role) => (
                        <option key={role} value={role}>
                          {ROLE_LABELS[role]}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input
                      class="input input-number"
                      type="number"
                      min={0}
                      max={CHAT_BOT_COOLDOWN_MAX_SECONDS}
                      aria-label={`${name} cooldown in seconds`}
                      value={command.cooldownSeconds}
                      onInput={(event) => change(name, { cooldownSeconds: seconds(event.currentTarget.value) })}
                    />
                  </td>
                  <td>
                    <input
                      class="input input-number"
                      type="number"
                      min={0}
                      max={CHAT_BOT_COOLDOWN_MAX_SECONDS}
                      aria-label={`${name} cooldown per chatter in seconds`}
                      value={command.userCooldownSeconds}
                      onInput={(event) => change(name, { userCooldownSeconds: seconds(event.currentTarget.value) })}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <label class="field">
        <span class="field-label">Aliases</span>
        <span class="field-hint muted small">One per line: the word, then the command, e.g. “!idea idea”</span>
        <textarea
          class="input textarea"
          rows={3}
          value={aliases}
          onInput={(event) => setAliases(event.currentTarget.value)}
        />
      </label>
      <div class="form-actions">
        <Button type="submit" variant="primary" busy={busy}>
          Save bot settings
        </Button>
      </div>
    </form>
  );
}
