import { useEffect, useState } from 'preact/hooks';
import {
  REWARD_MAX_COOLDOWN_SECONDS,
  REWARD_PROMPT_MAX_LENGTH,
  REWARD_TITLE_MAX_LENGTH,
  type Camelize,
  type RewardSettings,
} from '@aurastream/contract';
import { Button } from '../../../ui/button';
import { Field, TextArea, TextField } from '../../../ui/field';

export type RewardForm = Camelize<RewardSettings>;

/** Twitch's rules on a reward, checked here before the service and Twitch check them again. */
export function rewardProblems(form: RewardForm): Partial<Record<keyof RewardForm, string>> {
  const problems: Partial<Record<keyof RewardForm, string>> = {};
  const title = form.title.trim();
  if (!title) {
    problems.title = 'Give the reward a title';
  } else if (title.length > REWARD_TITLE_MAX_LENGTH) {
    problems.title = `At most ${REWARD_TITLE_MAX_LENGTH} characters (Twitch’s limit)`;
  }
  if (form.prompt.trim().length > REWARD_PROMPT_MAX_LENGTH) {
    problems.prompt = `At most ${REWARD_PROMPT_MAX_LENGTH} characters (Twitch’s limit)`;
  }
  if (!Number.isInteger(form.cost) || form.cost < 1) {
    problems.cost = 'At least 1 point';
  }
  if (!Number.isInteger(form.globalCooldownSeconds) || form.globalCooldownSeconds < 0) {
    problems.globalCooldownSeconds = 'Zero or more seconds';
  } else if (form.globalCooldownSeconds > REWARD_MAX_COOLDOWN_SECONDS) {
    problems.globalCooldownSeconds = 'At most 7 days';
  }
  if (form.maxPerStream !== null && (!Number.isInteger(form.maxPerStream) || form.maxPerStream < 1)) {
    problems.maxPerStream = 'At least 1, or empty for no limit';
  }
  return problems;
}

function NumberField({
  label,
  hint,
  value,
  onValue,
  message,
  min,
  optional,
}: {
  label: string;
  hint?: string;
  value: number | null;
  onValue: (value: number | null) => void;
  message?: string;
  min: number;
  optional?: boolean;
}) {
  return (
    <Field label={label} hint={hint} status={message ? 'invalid' : 'idle'} message={message} optional={optional}>
      {({ inputId, describedBy, invalid }) => (
        <input
          id={inputId}
          class="input"
          type="number"
          inputMode="numeric"
          min={min}
          step={1}
          value={value ?? ''}
          onInput={(event) => {
            const raw = event.currentTarget.value;
            onValue(raw === '' ? null : Number(raw));
          }}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
        />
      )}
    </Field>
  );
}

/** The edits that differ from the reward as saved: one the reward now has is no longer an edit. */
function unsavedEdits(edits: Partial<RewardForm>, saved: RewardForm): Partial<RewardForm> {
  return Object.fromEntries(Object.entries(edits).filter(([key, value]) => saved[key as keyof RewardForm] !== value));
}

/** The reward's title, cost, prompt, cooldown and per-stream limit, saved together. */
export function RewardSettingsForm({
  saved,
  busy,
  onSave,
}: {
  saved: RewardForm;
  busy: boolean;
  onSave: (form: RewardForm) => void;
}) {
  // Only what the streamer typed is held here, over the reward as saved: a field they have not
  // touched follows the reward (Twitch confirming it, another tab saving it), one they have keeps
  // their text until it is saved.
  const [edits, setEdits] = useState<Partial<RewardForm>>({});
  const [submitted, setSubmitted] = useState(false);
  const form: RewardForm = { ...saved, ...edits };
  const pending = unsavedEdits(edits, saved);
  useEffect(() => {
    if (Object.keys(pending).length !== Object.keys(edits).length) {
      setEdits(pending);
    }
  });
  const problems = submitted ? rewardProblems(form) : {};
  const changed = Object.keys(pending).length > 0;
  const set = <K extends keyof RewardForm>(key: K, value: RewardForm[K]) =>
    setEdits((current) => ({ ...current, [key]: value }));
  const submit = (event: Event) => {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(rewardProblems(form)).length === 0) {
      onSave({ ...form, title: form.title.trim(), prompt: form.prompt.trim() });
    }
  };
  return (
    <form class="stack" onSubmit={submit} noValidate aria-label="Reward settings">
      <div class="form-grid">
        <TextField
          label="Title"
          value={form.title}
          onValue={(value) => set('title', value)}
          maxLength={REWARD_TITLE_MAX_LENGTH}
          status={problems.title ? 'invalid' : 'idle'}
          message={problems.title}
        />
        <NumberField
          label="Cost (channel points)"
          value={form.cost}
          min={1}
          onValue={(value) => set('cost', value ?? 0)}
          message={problems.cost}
        />
      </div>
      <TextArea
        label="Prompt viewers see"
        value={form.prompt}
        onValue={(value) => set('prompt', value)}
        maxLength={REWARD_PROMPT_MAX_LENGTH}
        rows={2}
        status={problems.prompt ? 'invalid' : 'idle'}
        message={problems.prompt}
      />
      <div class="form-grid">
        <NumberField
          label="Cooldown (seconds)"
          hint="Between two redemptions on your channel; 0 for none"
          value={form.globalCooldownSeconds}
          min={0}
          onValue={(value) => set('globalCooldownSeconds', value ?? 0)}
          message={problems.globalCooldownSeconds}
        />
        <NumberField
          label="Most per stream"
          hint="Empty for no limit"
          value={form.maxPerStream}
          min={1}
          optional
          onValue={(value) => set('maxPerStream', value)}
          message={problems.maxPerStream}
        />
      </div>
      <div class="form-actions">
        <Button type="submit" variant="primary" busy={busy} disabled={!changed}>
          Save reward
        </Button>
      </div>
    </form>
  );
}
