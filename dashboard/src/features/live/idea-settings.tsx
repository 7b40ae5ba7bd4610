import { useEffect, useState } from 'preact/hooks';
import {
  IDEA_BLOCKED_TERM_MAX_LENGTH,
  IDEA_BLOCKED_TERMS_MAX,
  IDEA_COOLDOWN_MAX_SECONDS,
  type IdeaModerators,
  type IdeaSource,
  type IdeaSubmitters,
  type ViewerRole,
} from '@aurastream/contract';
import { api } from '../../api/client';
import { fieldProblems } from '../../lib/errors';
import { Button } from '../../ui/button';
import { SelectField, TextArea, TextField } from '../../ui/field';
import { Card } from '../../ui/page';
import { notify } from '../../ui/toasts';
import { reportError } from '../upgrade/upgrade-prompt';
import { sourceName } from './idea-labels';

type Settings = Awaited<ReturnType<typeof api.ideas.getSettings>>;

const SUBMITTERS: { value: IdeaSubmitters; label: string }[] = [
  { value: 'everyone', label: 'Everyone' },
  { value: 'subscribers', label: 'Subscribers, VIPs and moderators' },
  { value: 'vips', label: 'VIPs and moderators' },
  { value: 'moderators', label: 'Moderators only' },
];
const MODERATORS: { value: IdeaModerators; label: string }[] = [
  { value: 'all', label: 'All my moderators' },
  { value: 'listed', label: 'Only the moderators I list' },
  { value: 'none', label: 'Only me' },
];
const EXPIRY: { value: string; label: string }[] = [
  { value: '3600', label: '1 hour' },
  { value: '21600', label: '6 hours' },
  { value: '43200', label: '12 hours' },
  { value: '86400', label: '24 hours' },
  { value: '172800', label: '2 days' },
  { value: '604800', label: '7 days' },
];
const SOURCES: IdeaSource[] = ['chat', 'panel', 'channel_points'];
const ROLES: { value: ViewerRole; label: string }[] = [
  { value: 'subscriber', label: 'Subscribers' },
  { value: 'vip', label: 'VIPs' },
  { value: 'moderator', label: 'Moderators' },
  { value: 'broadcaster', label: 'You' },
];

function toggle<T>(list: readonly T[], item: T, on: boolean): T[] {
  return on ? [...new Set([...list, item])] : list.filter((each) => each !== item);
}

function Switch({ label, checked, onChange }: { label: string; checked: boolean; onChange: (on: boolean) => void }) {
  return (
    <label class="switch">
      <input
        type="checkbox"
        role="switch"
        checked={checked}
        onChange={(event) => onChange(event.currentTarget.checked)}
      />
      <span class="switch-track" aria-hidden="true" />
      <span>{label}</span>
    </label>
  );
}

/** The channel's ideas settings: who may suggest, what skips the queue, pace, expiry, words refused. */
export function IdeaSettingsSection() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [draft, setDraft] = useState<Settings | null>(null);
  const [terms, setTerms] = useState('');
  const [moderatorIds, setModeratorIds] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const adopt = (loaded: Settings) => {
    setSettings(loaded);
    setDraft(loaded);
    setTerms(loaded.blockedTerms.join('\n'));
    setModeratorIds(loaded.moderatorTwitchUserIds.join(', '));
  };

  useEffect(() => {
    api.ideas.getSettings().then(adopt, reportError);
  }, []);

  if (!draft || !settings) {
    return (
      <Card title="Ideas settings">
        <p class="muted" role="status">
          Loading settings…
        </p>
      </Card>
    );
  }
  const change = (patch: Partial<Settings>) => setDraft({ ...draft, ...patch });
  const save = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblems({});
    try {
      const { updatedAt: _updatedAt, ...body } = draft;
      adopt(
        await api.ideas.updateSettings({
          body: {
            ...body,
            blockedTerms: terms
              .split(/[\n,]/)
              .map((term) => term.trim())
              .filter(Boolean),
            moderatorTwitchUserIds: moderatorIds
              .split(/[\s,]+/)
              .map((id) => id.trim())
              .filter(Boolean),
          },
        }),
      );
      notify('success', 'Ideas settings saved');
    } catch (error) {
      const fields = fieldProblems(error);
      if (fields.length > 0) {
        setProblems(Object.fromEntries(fields.map((problem) => [problem.field.split('.')[0]!, problem.message])));
      } else {
        reportError(error);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="Ideas settings" class="idea-settings-card">
      <form class="stack" onSubmit={(event) => void save(event)} noValidate>
        <Switch label="Take ideas from viewers" checked={draft.enabled} onChange={(enabled) => change({ enabled })} />
        <div class="form-grid">
          <SelectField
            label="Who may suggest"
            value={draft.submitters}
            options={SUBMITTERS}
            onValue={(submitters) => change({ submitters })}
          />
          <SelectField
            label="Who may approve and reject"
            value={draft.moderators}
            options={MODERATORS}
            onValue={(moderators) => change({ moderators })}
          />
          {draft.moderators === 'listed' && (
            <TextField
              label="Moderators’ Twitch user ids"
              hint="Separated by commas"
              value={moderatorIds}
              onValue={setModeratorIds}
              status={problems.moderator_twitch_user_ids ? 'invalid' : 'idle'}
              message={problems.moderator_twitch_user_ids}
            />
          )}
          <TextField
            label="Cooldown between a viewer’s ideas (seconds)"
            value={String(draft.cooldownSeconds)}
            onValue={(value) =>
              change({ cooldownSeconds: Math.max(0, Math.min(IDEA_COOLDOWN_MAX_SECONDS, Number(value) || 0)) })
            }
            status={problems.cooldown_seconds ? 'invalid' : 'idle'}
            message={problems.cooldown_seconds}
          />
          <SelectField
            label="Unanswered ideas expire after"
            value={
              EXPIRY.some((option) => option.value === String(draft.expirySeconds))
                ? String(draft.expirySeconds)
                : '86400'
            }
            options={EXPIRY}
            onValue={(value) => change({ expirySeconds: Number(value) })}
          />
        </div>
        <Switch
          label="One waiting idea per viewer"
          checked={draft.onePendingPerViewer}
          onChange={(onePendingPerViewer) => change({ onePendingPerViewer })}
        />
        <Switch
          label="Panel viewers must share their Twitch identity to suggest"
          checked={draft.panelRequiresIdentity}
          onChange={(panelRequiresIdentity) => change({ panelRequiresIdentity })}
        />
        <fieldset class="idea-fieldset">
          <legend>Skip the approval queue for</legend>
          <p class="field-hint">Off by default: every viewer idea waits for you or a moderator.</p>
          <div class="chip-row">
            {SOURCES.map((source) => (
              <label class="checkbox" key={source}>
                <input
                  type="checkbox"
                  checked={draft.autoApproveSources.includes(source)}
                  onChange={(event) =>
                    change({
                      autoApproveSources: toggle(draft.autoApproveSources, source, event.currentTarget.checked),
                    })
                  }
                />
                Ideas from {sourceName(source).toLowerCase()}
              </label>
            ))}
            {ROLES.map((role) => (
              <label class="checkbox" key={role.value}>
                <input
                  type="checkbox"
                  checked={draft.autoApproveRoles.includes(role.value)}
                  onChange={(event) =>
                    change({
                      autoApproveRoles: toggle(draft.autoApproveRoles, role.value, event.currentTarget.checked),
                    })
                  }
                />
                {role.label}
              </label>
            ))}
          </div>
        </fieldset>
        <TextArea
          label="Blocked words and phrases"
          hint={`One per line, up to ${IDEA_BLOCKED_TERMS_MAX} of ${IDEA_BLOCKED_TERM_MAX_LENGTH} characters. Matched as whole words, whatever their case, accents or l33tspeak.`}
          value={terms}
          onValue={setTerms}
          rows={4}
          status={problems.blocked_terms ? 'invalid' : 'idle'}
          message={problems.blocked_terms}
        />
        <Switch
          label="Also block AuraStream’s list of slurs and sexual terms"
          checked={draft.useDefaultBlockedTerms}
          onChange={(useDefaultBlockedTerms) => change({ useDefaultBlockedTerms })}
        />
        <div>
          <Button type="submit" variant="primary" busy={busy}>
            Save ideas settings
          </Button>
        </div>
      </form>
    </Card>
  );
}
