import { useEffect, useState } from 'preact/hooks';
import type { DashboardApi } from '../../api/client';
import { api } from '../../api/client';
import { Card } from '../../ui/page';
import { Button } from '../../ui/button';
import { TextArea, TextField } from '../../ui/field';
import { Icon } from '../../ui/icons';
import { notify } from '../../ui/toasts';
import { reportError } from '../upgrade/upgrade-prompt';

type Voice = Awaited<ReturnType<DashboardApi['brandKits']['getVoice']>>;

/** The kit's voice section: tagline, personality traits and catchphrases the generator can use. */
export function VoiceEditor({ kitId }: { kitId: string }) {
  const [voice, setVoice] = useState<Voice | null>(null);
  const [traitDraft, setTraitDraft] = useState('');
  const [catchphrases, setCatchphrases] = useState('');
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    api.brandKits.getVoice({ params: { id: kitId } }).then(
      (loaded) => {
        setVoice(loaded);
        setCatchphrases(loaded.catchphrases.join('\n'));
      },
      (error: unknown) => reportError(error),
    );
  }, [kitId]);

  if (!voice) {
    return null;
  }
  const addTrait = () => {
    const trait = traitDraft.trim();
    if (trait && voice.personalityTraits.length < 5 && !voice.personalityTraits.includes(trait)) {
      setVoice({ ...voice, personalityTraits: [...voice.personalityTraits, trait.slice(0, 30)] });
    }
    setTraitDraft('');
  };
  const save = async () => {
    setSaving(true);
    try {
      const lines = catchphrases
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean)
        .slice(0, 10);
      const saved = await api.brandKits.updateVoice({
        params: { id: kitId },
        body: { ...voice, tagline: voice.tagline?.trim() || null, catchphrases: lines },
      });
      setVoice(saved);
      setCatchphrases(saved.catchphrases.join('\n'));
      notify('success', 'Voice saved');
    } catch (error) {
      reportError(error);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card
      title="Voice"
      class="section"
      actions={
        <Button size="sm" variant="primary" busy={saving} onClick={() => void save()}>
          Save voice
        </Button>
      }
    >
      <div class="form-grid">
        <TextField
          label="Tagline"
          value={voice.tagline ?? ''}
          onValue={(tagline) => setVoice({ ...voice, tagline })}
          placeholder="e.g. Cozy games, chaotic energy"
          maxLength={100}
          optional
        />
        <div class="field">
          <label class="field-label" for="trait-input">
            Personality <span class="field-optional">up to 5</span>
          </label>
          <div class="chip-input">
            {voice.personalityTraits.map((trait) => (
              <span key={trait} class="chip chip-removable">
                {trait}
                <button
                  type="button"
                  aria-label={`Remove ${trait}`}
                  onClick={() =>
                    setVoice({ ...voice, personalityTraits: voice.personalityTraits.filter((item) => item !== trait) })
                  }
                >
                  <Icon name="x" size={12} />
                </button>
              </span>
            ))}
            {voice.personalityTraits.length < 5 && (
              <input
                id="trait-input"
                class="chip-input-field"
                value={traitDraft}
                placeholder="chaotic, wholesome… ⏎"
                onInput={(event) => setTraitDraft(event.currentTarget.value)}
                onKeyDown={(event) => {
                  if (event.key === 'Enter' || event.key === ',') {
                    event.preventDefault();
                    addTrait();
                  }
                }}
                onBlur={addTrait}
              />
            )}
          </div>
        </div>
      </div>
      <TextArea
        label="Catchphrases"
        value={catchphrases}
        onValue={setCatchphrases}
        rows={3}
        placeholder={'One per line, e.g.\nLet’s gooo!\nHydrate, chat'}
        hint="Chat knows you by these; the generator can put them on alerts and scenes."
        optional
      />
    </Card>
  );
}
