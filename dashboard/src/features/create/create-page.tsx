import { useEffect, useMemo, useState } from 'preact/hooks';
import {
  GENERATION_PROMPT_MAX_LENGTH,
  PACK_DESCRIPTIONS,
  packTypeSchema,
  stylePresetSchema,
  type PackType,
  type StylePreset,
} from '@aurastream/contract';
import { api } from '../../api/client';
import type { CoachTip, Dimensions, Job, Pack } from '../../api/types';
import { reloadUser, useUser } from '../../api/session';
import { useLocation } from '../../lib/router';
import { preferences, rememberPrompt, updatePreferences } from '../../lib/preferences';
import { assetTypeName, countOf, formatNumber, styleName } from '../../lib/format';
import { track, trackAsset } from '../../lib/analytics';
import { useStore } from '../../lib/store';
import { PageHeader } from '../../ui/page';
import { Button } from '../../ui/button';
import { TextArea } from '../../ui/field';
import { TableSkeleton } from '../../ui/skeletons';
import { Icon } from '../../ui/icons';
import { rules, useValidation } from '../../ui/validation';
import { reportError } from '../upgrade/upgrade-prompt';
import { defaultKitId, loadBrandKits, useBrandKits } from '../brand-kits/brand-kit-store';
import { AssetTypePicker } from './asset-type-picker';
import { creatableTypeFor, creatableTypes, sizeSummary } from './asset-types';
import { JobPanel } from './job-panel';
import { PackPanel } from './pack-panel';
import { useJob, usePack } from './use-job';
import { checkMilestones } from './celebration';
import { createDraft } from './create-draft';
import { groupDesigns } from '../assets/designs';

type Mode = 'single' | 'pack';

export function CreatePage() {
  const { query } = useLocation();
  const user = useUser();
  const prefs = useStore(preferences);
  const kits = useBrandKits();
  const draft = useStore(createDraft);
  const [dimensions, setDimensions] = useState<Dimensions | null>(null);
  const [mode, setMode] = useState<Mode>(query.get('mode') === 'pack' ? 'pack' : 'single');
  const [typeKey, setTypeKey] = useState(query.get('type') ?? prefs.lastAssetType ?? 'emote');
  const [prompt, setPrompt] = useState('');
  const [style, setStyle] = useState<StylePreset | null>((prefs.lastStylePreset as StylePreset | null) ?? null);
  const [variations, setVariations] = useState(prefs.lastVariations);
  const [packType, setPackType] = useState<PackType>((prefs.lastPackType as PackType | null) ?? 'starter');
  const [kitId, setKitId] = useState<string | null>(null);
  const [tips, setTips] = useState<CoachTip[]>([]);
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [startedJob, setStartedJob] = useState<Job | null>(null);
  const [startedPack, setStartedPack] = useState<Pack | null>(null);
  const { job, assets } = useJob(startedJob);
  const pack = usePack(startedPack);
  const promptCheck = useValidation(
    prompt,
    [rules.required('A description'), rules.maxLength(GENERATION_PROMPT_MAX_LENGTH, 'The description')],
    {
      force: submitted && mode === 'single',
    },
  );

  useEffect(() => {
    void loadBrandKits();
    api.twitch.dimensions().then(setDimensions, reportError);
  }, []);

  useEffect(() => {
    if (kits.status === 'ready' && kitId === null) {
      setKitId(defaultKitId(kits.kits));
    }
  }, [kits.status]);

  // a prompt handed over by the coach fills the form once
  useEffect(() => {
    if (draft) {
      setMode('single');
      setTypeKey(draft.typeKey);
      setPrompt(draft.prompt);
      setStyle(draft.stylePreset);
      if (draft.brandKitId) {
        setKitId(draft.brandKitId);
      }
      createDraft.set(null);
    }
  }, [draft]);

  const types = useMemo(() => (dimensions ? creatableTypes(dimensions) : []), [dimensions]);
  const selected = creatableTypeFor(types, typeKey);

  useEffect(() => {
    if (!selected) {
      return;
    }
    api.coach.tips({ query: { assetType: selected.coachType } }).then(
      (result) => setTips(result.tips.slice(0, 3)),
      () => setTips([]),
    );
  }, [selected?.coachType]);

  // a finished job: celebrate milestones, refresh the usage counter, count the assets
  useEffect(() => {
    if (job?.status === 'completed') {
      const designs = groupDesigns(assets);
      for (const design of designs) {
        trackAsset('asset_generated', design.assetType, { variation: design.variation });
      }
      void reloadUser();
      void checkMilestones(designs.length);
    }
  }, [job?.status]);

  useEffect(() => {
    if (pack?.job.status === 'completed') {
      void reloadUser();
      void checkMilestones(pack.items.length);
    }
  }, [pack?.job.status]);

  const history = prefs.promptHistory[selected?.key ?? typeKey] ?? [];

  const submit = async (event: Event) => {
    event.preventDefault();
    setSubmitted(true);
    if (mode === 'single' && (!selected || !promptCheck.isValid)) {
      return;
    }
    setBusy(true);
    updatePreferences({ lastBrandKitId: kitId, lastStylePreset: style, lastVariations: variations });
    try {
      if (mode === 'single' && selected) {
        const common = { customPrompt: prompt.trim(), brandKitId: kitId, stylePreset: style, variations };
        const created =
          selected.endpoint === 'twitch'
            ? await api.twitch.generate({
                body: {
                  ...common,
                  assetType: selected.assetType as Parameters<typeof api.twitch.generate>[0]['body']['assetType'],
                },
              })
            : await api.generation.generate({
                body: {
                  ...common,
                  assetType: selected.assetType as Parameters<typeof api.generation.generate>[0]['body']['assetType'],
                },
              });
        rememberPrompt(selected.key, prompt);
        updatePreferences({ lastAssetType: selected.key });
        track('generation_started', 'feature', { asset_type: selected.assetType, variations, style: style ?? 'none' });
        setStartedPack(null);
        setStartedJob(created);
      } else {
        const created = await api.twitch.createPack({
          body: { packType, customPrompt: prompt.trim() || null, brandKitId: kitId, stylePreset: style },
        });
        updatePreferences({ lastPackType: packType });
        track('pack_started', 'feature', { pack_type: packType });
        setStartedJob(null);
        setStartedPack(created);
      }
      requestAnimationFrame(() =>
        document.getElementById('results')?.scrollIntoView({ behavior: 'smooth', block: 'start' }),
      );
    } catch (error) {
      reportError(error);
    } finally {
      setBusy(false);
    }
  };

  const cost =
    mode === 'single'
      ? variations
      : (dimensions?.packs.find((item) => item.packType === packType)?.assetTypes.length ?? 0);

  return (
    <div class="page">
      <PageHeader title="Create" description="Describe it once. Get every size Twitch asks for, on brand." />
      <div class="segmented" role="tablist" aria-label="What to make">
        {(['single', 'pack'] as const).map((item) => (
          <button
            key={item}
            type="button"
            role="tab"
            aria-selected={mode === item}
            class={mode === item ? 'is-active' : ''}
            onClick={() => setMode(item)}
          >
            <Icon name={item === 'single' ? 'sparkles' : 'package'} size={16} />{' '}
            {item === 'single' ? 'Single asset' : 'Asset pack'}
          </button>
        ))}
      </div>
      <div class="create-layout">
        <form class="stack-lg" onSubmit={(event) => void submit(event)} noValidate aria-label="Generation settings">
          {mode === 'single' ? (
            <section class="card">
              <h2 class="card-title">1 · What are we making?</h2>
              {dimensions ? (
                <AssetTypePicker types={types} value={selected?.key ?? ''} onChange={setTypeKey} />
              ) : (
                <TableSkeleton rows={4} />
              )}
            </section>
          ) : (
            <section class="card">
              <h2 class="card-title">1 · Pick a pack</h2>
              <div class="pack-options" role="radiogroup" aria-label="Pack">
                {packTypeSchema.options.map((type) => {
                  const count = dimensions?.packs.find((item) => item.packType === type)?.assetTypes.length;
                  return (
                    <button
                      key={type}
                      type="button"
                      role="radio"
                      aria-checked={packType === type}
                      class={`pack-option ${packType === type ? 'is-selected' : ''}`}
                      onClick={() => setPackType(type)}
                    >
                      <span class="pack-option-name">{type.charAt(0).toUpperCase() + type.slice(1)}</span>
                      {count !== undefined && <span class="chip chip-muted">{count} assets</span>}
                      <span class="pack-option-text">{PACK_DESCRIPTIONS[type]}</span>
                    </button>
                  );
                })}
              </div>
            </section>
          )}

          <section class="card">
            <h2 class="card-title">2 · Describe it</h2>
            <TextArea
              label={mode === 'single' ? 'Your idea' : 'Theme for the pack'}
              optional={mode === 'pack'}
              value={prompt}
              onValue={setPrompt}
              rows={3}
              maxLength={GENERATION_PROMPT_MAX_LENGTH}
              placeholder={
                mode === 'single'
                  ? 'e.g. a hype cat with sunglasses yelling GG'
                  : 'e.g. cozy lo-fi night, purple sky, my cat mascot'
              }
              status={promptCheck.status === 'invalid' ? 'invalid' : 'idle'}
              message={promptCheck.message}
              hint={
                selected && mode === 'single' ? `${selected.description} · ${sizeSummary(selected.sizes)}` : undefined
              }
            />
            {history.length > 0 && mode === 'single' && (
              <div class="history-row" aria-label="Recent prompts">
                {history.slice(0, 4).map((item) => (
                  <button
                    key={item}
                    type="button"
                    class="chip chip-button"
                    onClick={() => setPrompt(item)}
                    title="Use this prompt again"
                  >
                    <Icon name="refresh" size={12} /> {item.length > 40 ? `${item.slice(0, 40)}…` : item}
                  </button>
                ))}
              </div>
            )}
            <p class="field-label">Style</p>
            <div class="style-chips" role="radiogroup" aria-label="Style preset">
              <button
                type="button"
                role="radio"
                aria-checked={style === null}
                class={`chip chip-button ${style === null ? 'is-selected' : ''}`}
                onClick={() => setStyle(null)}
              >
                Auto
              </button>
              {stylePresetSchema.options.map((preset) => (
                <button
                  key={preset}
                  type="button"
                  role="radio"
                  aria-checked={style === preset}
                  class={`chip chip-button ${style === preset ? 'is-selected' : ''}`}
                  onClick={() => setStyle(preset)}
                >
                  {styleName(preset)}
                </button>
              ))}
            </div>
          </section>

          <section class="card">
            <h2 class="card-title">3 · Fine-tune</h2>
            <div class="form-grid">
              <div class="field">
                <label class="field-label" for="kit-select">
                  Brand kit
                </label>
                <select
                  id="kit-select"
                  class="input select"
                  value={kitId ?? ''}
                  onChange={(event) => setKitId(event.currentTarget.value || null)}
                >
                  <option value="">No brand kit</option>
                  {kits.kits.map((kit) => (
                    <option key={kit.id} value={kit.id}>
                      {kit.name}
                      {kit.isActive ? ' (active)' : ''}
                    </option>
                  ))}
                </select>
              </div>
              {mode === 'single' && (
                <div class="field">
                  <span class="field-label" id="variations-label">
                    Variations
                  </span>
                  <div class="segmented segmented-sm" role="radiogroup" aria-labelledby="variations-label">
                    {[1, 2, 3, 4].map((count) => (
                      <button
                        key={count}
                        type="button"
                        role="radio"
                        aria-checked={variations === count}
                        class={variations === count ? 'is-active' : ''}
                        onClick={() => setVariations(count)}
                      >
                        {count}
                      </button>
                    ))}
                  </div>
                </div>
              )}
            </div>
          </section>
          <div class="generate-bar">
            <p class="muted small">
              Uses {countOf(cost, 'design')} of your monthly allowance · {formatNumber(user.assetsGeneratedThisMonth)}{' '}
              made this month
            </p>
            <Button type="submit" variant="primary" size="lg" icon="sparkles" busy={busy} disabled={!dimensions}>
              {mode === 'single'
                ? `Generate ${selected ? assetTypeName(selected.assetType).toLowerCase() : ''}`
                : `Generate ${packType} pack`}
            </Button>
          </div>
        </form>

        <aside class="create-aside">
          {tips.length > 0 && mode === 'single' && (
            <section class="card tips-card">
              <h2 class="card-title">
                <Icon name="wand" size={18} /> Prompt tips
              </h2>
              <ul class="tip-list">
                {tips.map((tip) => (
                  <li key={tip.id}>
                    <strong>{tip.title}</strong>
                    <p>{tip.description}</p>
                    <button type="button" class="tip-example" onClick={() => setPrompt(tip.example)}>
                      “{tip.example}”
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </aside>
      </div>

      <div id="results" class="results-area">
        {job && <JobPanel job={job} assets={assets} />}
        {pack && <PackPanel pack={pack} />}
      </div>
    </div>
  );
}
