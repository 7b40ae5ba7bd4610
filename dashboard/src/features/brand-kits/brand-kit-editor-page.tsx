import { useEffect, useState } from 'preact/hooks';
import { brandToneSchema, type BrandTone } from '@aurastream/contract';
import { api } from '../../api/client';
import type { BrandKit } from '../../api/types';
import { navigate } from '../../lib/router';
import { track } from '../../lib/analytics';
import { fieldProblems } from '../../lib/errors';
import { PageHeader, Card } from '../../ui/page';
import { Button, ButtonLink } from '../../ui/button';
import { SelectField, TextArea, TextField } from '../../ui/field';
import { rules, useValidation } from '../../ui/validation';
import { notify } from '../../ui/toasts';
import { TableSkeleton } from '../../ui/skeletons';
import { reportError } from '../upgrade/upgrade-prompt';
import { activateKit, brandKits, deleteKit, upsertKit } from './brand-kit-store';
import { PaletteEditor, isValidPalette, normalisePalette, palettePresets } from './palette-editor';
import { LogoManager } from './logo-manager';
import { KitPreview } from './kit-preview';
import { VoiceEditor } from './voice-editor';

/** Families the built-in renderer ships, offered as suggestions (any family name is accepted). */
const fontSuggestions = [
  'Poppins',
  'Bebas Neue',
  'Orbitron',
  'Russo One',
  'Bangers',
  'Fredoka',
  'Bungee',
  'Luckiest Guy',
  'Press Start 2P',
];

const toneOptions = brandToneSchema.options.map((tone) => ({
  value: tone,
  label: tone.charAt(0).toUpperCase() + tone.slice(1),
}));

interface Draft {
  name: string;
  tone: BrandTone;
  primaryColors: string[];
  accentColors: string[];
  headline: string;
  body: string;
  styleReference: string;
}

function draftOf(kit: BrandKit | null): Draft {
  return {
    name: kit?.name ?? '',
    tone: kit?.tone ?? 'casual',
    primaryColors: kit?.primaryColors ?? ['#9146FF', '#1F1147'],
    accentColors: kit?.accentColors ?? ['#FFD166'],
    headline: kit?.fonts.headline ?? '',
    body: kit?.fonts.body ?? '',
    styleReference: kit?.styleReference ?? '',
  };
}

export function BrandKitEditorPage({ params }: { params: Record<string, string> }) {
  const id = params.id ?? null;
  const [kit, setKit] = useState<BrandKit | null>(null);
  const [loading, setLoading] = useState(id !== null);
  const [draft, setDraft] = useState<Draft>(draftOf(null));
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [serverProblems, setServerProblems] = useState<Record<string, string>>({});
  const nameCheck = useValidation(draft.name, [rules.required('A name'), rules.maxLength(100, 'The name')], {
    force: submitted,
  });

  useEffect(() => {
    if (!id) {
      setKit(null);
      setDraft(draftOf(null));
      setLoading(false);
      return;
    }
    // a kit just created here is already in hand: reloading it would remount its logo slots mid-upload
    if (kit?.id === id) {
      return;
    }
    setLoading(true);
    api.brandKits.get({ params: { id } }).then(
      (loaded) => {
        setKit(loaded);
        setDraft(draftOf(loaded));
        setLoading(false);
      },
      (error: unknown) => {
        reportError(error);
        navigate('/brand-kits', { replace: true });
      },
    );
  }, [id]);

  const patch = (change: Partial<Draft>) => setDraft((previous) => ({ ...previous, ...change }));
  const refreshKit = () => {
    if (id) {
      void api.brandKits.get({ params: { id } }).then((loaded) => {
        setKit(loaded);
        upsertKit(loaded);
      });
    }
  };

  const save = async (event: Event) => {
    event.preventDefault();
    setSubmitted(true);
    if (!nameCheck.isValid || !isValidPalette(draft.primaryColors) || !isValidPalette(draft.accentColors)) {
      return;
    }
    setSaving(true);
    setServerProblems({});
    const body = {
      name: draft.name.trim(),
      tone: draft.tone,
      primaryColors: normalisePalette(draft.primaryColors),
      accentColors: normalisePalette(draft.accentColors),
      fonts: {
        ...(draft.headline.trim() ? { headline: draft.headline.trim() } : {}),
        ...(draft.body.trim() ? { body: draft.body.trim() } : {}),
      },
      styleReference: draft.styleReference.trim() || null,
    };
    try {
      const saved = kit
        ? await api.brandKits.update({ params: { id: kit.id }, body })
        : await api.brandKits.create({ body });
      upsertKit(saved);
      setKit(saved);
      setDraft(draftOf(saved));
      track(kit ? 'brand_kit_updated' : 'brand_kit_created', 'user_action');
      if (kit) {
        notify('success', 'Brand kit saved');
      } else {
        notify('success', `${saved.name} created. Add your logo next!`);
        navigate(`/brand-kits/${saved.id}`, { replace: true });
      }
    } catch (error) {
      const problems = fieldProblems(error);
      if (problems.length > 0) {
        setServerProblems(
          Object.fromEntries(
            problems.map((problem) => [problem.field.split('.')[0] ?? problem.field, problem.message]),
          ),
        );
      }
      reportError(error);
    } finally {
      setSaving(false);
    }
  };

  if (loading) {
    return (
      <div class="page">
        <PageHeader title="Brand kit" />
        <TableSkeleton rows={6} />
      </div>
    );
  }

  return (
    <div class="page">
      <PageHeader
        eyebrow={kit ? 'Brand kit' : 'New brand kit'}
        title={kit ? kit.name : 'Create a brand kit'}
        actions={
          kit && (
            <>
              {!kit.isActive && (
                <Button onClick={() => void activateKit(kit.id).then(refreshKit)} icon="check">
                  Make active
                </Button>
              )}
              <Button
                variant="danger"
                icon="trash"
                onClick={() => {
                  const current = brandKits.get().kits.find((item) => item.id === kit.id) ?? kit;
                  deleteKit(current);
                  navigate('/brand-kits');
                }}
              >
                Delete
              </Button>
            </>
          )
        }
      />
      <div class="editor-layout">
        <form class="stack-lg" onSubmit={(event) => void save(event)} noValidate>
          <Card title="Basics">
            <div class="form-grid">
              <TextField
                label="Kit name"
                value={draft.name}
                onValue={(name) => patch({ name })}
                placeholder="e.g. Main channel, Horror nights"
                status={serverProblems.name ? 'invalid' : nameCheck.status}
                message={serverProblems.name ?? nameCheck.message}
                maxLength={100}
                required
              />
              <SelectField
                label="Tone"
                value={draft.tone}
                onValue={(tone) => patch({ tone })}
                options={toneOptions}
                hint="Sets the mood of layouts and copy."
              />
            </div>
          </Card>
          <Card title="Colours">
            <div class="preset-row" role="group" aria-label="Palette presets">
              {palettePresets.map((preset) => (
                <button
                  key={preset.name}
                  type="button"
                  class="preset"
                  onClick={() => patch({ primaryColors: preset.primary, accentColors: preset.accent })}
                >
                  <span class="preset-swatches" aria-hidden="true">
                    {[...preset.primary, ...preset.accent].map((color) => (
                      <span key={color} style={{ background: color }} />
                    ))}
                  </span>
                  {preset.name}
                </button>
              ))}
            </div>
            <div class="form-grid">
              <PaletteEditor
                label="Primary colours"
                hint="Backgrounds and big shapes, most important first."
                colors={draft.primaryColors}
                onChange={(primaryColors) => patch({ primaryColors })}
              />
              <PaletteEditor
                label="Accent colours"
                hint="Highlights, outlines and text pops."
                colors={draft.accentColors}
                onChange={(accentColors) => patch({ accentColors })}
              />
            </div>
          </Card>
          <Card title="Type & style">
            <div class="form-grid">
              <TextField
                label="Headline font"
                value={draft.headline}
                onValue={(headline) => patch({ headline })}
                list="font-suggestions"
                placeholder="e.g. Bebas Neue"
                optional
              />
              <TextField
                label="Body font"
                value={draft.body}
                onValue={(body) => patch({ body })}
                list="font-suggestions"
                placeholder="e.g. Poppins"
                optional
              />
            </div>
            <datalist id="font-suggestions">
              {fontSuggestions.map((font) => (
                <option key={font} value={font} />
              ))}
            </datalist>
            <TextArea
              label="Art direction"
              value={draft.styleReference}
              onValue={(styleReference) => patch({ styleReference })}
              placeholder="e.g. neon cyberpunk, thick outlines, playful"
              maxLength={500}
              rows={3}
              optional
              hint={`${draft.styleReference.length}/500 · the generator reads this with every prompt`}
            />
          </Card>
          <div class="form-actions">
            <ButtonLink href="/brand-kits" variant="ghost">
              Cancel
            </ButtonLink>
            <Button type="submit" variant="primary" busy={saving} icon="check">
              {kit ? 'Save changes' : 'Create brand kit'}
            </Button>
          </div>
        </form>
        <aside class="editor-aside">
          <KitPreview
            name={draft.name}
            primary={draft.primaryColors}
            accent={draft.accentColors}
            headline={draft.headline}
            logoUrl={kit?.logoUrl ?? null}
          />
        </aside>
      </div>
      {kit && (
        <>
          <Card title="Logos" class="section">
            <p class="muted">PNG, JPEG or WebP up to 10 MB. Transparent PNGs look best on emotes and overlays.</p>
            <LogoManager kitId={kit.id} onChanged={refreshKit} />
          </Card>
          <VoiceEditor kitId={kit.id} />
        </>
      )}
    </div>
  );
}
