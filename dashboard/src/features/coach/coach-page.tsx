import { useEffect, useRef, useState } from 'preact/hooks';
import {
  ApiError,
  COACH_DESCRIPTION_MAX_LENGTH,
  COACH_DESCRIPTION_MIN_LENGTH,
  COACH_MESSAGE_MAX_LENGTH,
  coachAssetTypeSchema,
  errorCodes,
  type CoachAssetType,
} from '@aurastream/contract';
import { api } from '../../api/client';
import type { CoachAccess, CoachTip } from '../../api/types';
import { navigate } from '../../lib/router';
import { assetTypeName, styleName } from '../../lib/format';
import { track } from '../../lib/analytics';
import { PageHeader } from '../../ui/page';
import { Button } from '../../ui/button';
import { SelectField, TextArea } from '../../ui/field';
import { Icon } from '../../ui/icons';
import { CoachMessageSkeleton, TableSkeleton } from '../../ui/skeletons';
import { EmptyState } from '../../ui/empty-state';
import { reportError, showUpgrade } from '../upgrade/upgrade-prompt';
import { loadBrandKits, useBrandKits } from '../brand-kits/brand-kit-store';
import { createDraft } from '../create/create-draft';
import { useCoach, type Intent } from './use-coach';

const typeOptions = coachAssetTypeSchema.options.map((type) => ({ value: type, label: assetTypeName(type) }));

function TipsBrowser({ access }: { access: CoachAccess }) {
  const [assetType, setAssetType] = useState<CoachAssetType>('twitch_emote');
  const [tips, setTips] = useState<CoachTip[] | null>(null);
  useEffect(() => {
    setTips(null);
    api.coach.tips({ query: { assetType } }).then((result) => setTips(result.tips), reportError);
  }, [assetType]);
  const cta = access.upgradeCta;
  return (
    <div class="stack-lg">
      <EmptyState
        icon="chat"
        tone="upgrade"
        title={cta?.title ?? 'Prompt Coach comes with Studio'}
        actions={
          <Button
            variant="primary"
            icon="crown"
            onClick={() =>
              showUpgrade(
                new ApiError(
                  403,
                  errorCodes.coachRequiresStudio,
                  access.upgradeMessage ?? 'Prompt Coach is part of the Studio plan.',
                ),
              )
            }
          >
            {cta?.buttonText ?? 'Upgrade to Studio'}
          </Button>
        }
      >
        {cta?.message ??
          access.upgradeMessage ??
          'Chat with a coach that turns a rough idea into a prompt that renders beautifully.'}
      </EmptyState>
      <section class="card">
        <header class="card-header">
          <h2 class="card-title">Prompt tips for your plan</h2>
          <div class="filter">
            <SelectField label="Asset type" value={assetType} onValue={setAssetType} options={typeOptions} />
          </div>
        </header>
        {tips === null ? (
          <TableSkeleton rows={4} />
        ) : (
          <ul class="tip-list tip-list-wide">
            {tips.map((tip) => (
              <li key={tip.id}>
                <span class="chip chip-muted chip-tiny">{tip.category}</span>
                <strong>{tip.title}</strong>
                <p>{tip.description}</p>
                <p class="tip-example-static">“{tip.example}”</p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function IntentCard({ intent, onUse }: { intent: Intent; onUse: () => void }) {
  return (
    <section class="intent-card" aria-live="polite">
      <header>
        <Icon name="zap" size={18} />
        <h2>Ready to generate</h2>
        <span class="chip chip-muted chip-tiny">v{intent.version}</span>
      </header>
      <p class="intent-prompt">{intent.refinedPrompt}</p>
      <div class="chip-row">
        <span class="chip chip-muted">{assetTypeName(intent.assetType)}</span>
        {intent.stylePreset && <span class="chip chip-muted">{styleName(intent.stylePreset)}</span>}
        {intent.text && <span class="chip chip-muted">Text: “{intent.text}”</span>}
        {intent.colors.map((color) => (
          <span key={color} class="color-dot" style={{ background: color }} title={color} />
        ))}
      </div>
      {intent.generationRequest.note && <p class="muted small">{intent.generationRequest.note}</p>}
      <Button variant="primary" icon="sparkles" onClick={onUse}>
        Use this prompt
      </Button>
    </section>
  );
}

function CoachChat() {
  const { state, start, send, end, reset } = useCoach();
  const kits = useBrandKits();
  const [assetType, setAssetType] = useState<CoachAssetType>('twitch_emote');
  const [description, setDescription] = useState('');
  const [message, setMessage] = useState('');
  const [useKit, setUseKit] = useState(true);
  const transcript = useRef<HTMLDivElement>(null);
  const activeKit = kits.kits.find((kit) => kit.isActive) ?? null;

  useEffect(() => {
    void loadBrandKits();
  }, []);
  useEffect(() => {
    transcript.current?.scrollTo({ top: transcript.current.scrollHeight });
  }, [state.messages.length, state.streaming]);

  const useIntent = (intent: Intent) => {
    const body = intent.generationRequest.body;
    createDraft.set({
      typeKey: body.assetType,
      prompt: body.customPrompt,
      stylePreset: body.stylePreset,
      brandKitId: body.brandKitId,
    });
    track('coach_prompt_used', 'feature', { asset_type: body.assetType });
    navigate('/create');
  };

  if (state.messages.length === 0) {
    return (
      <form
        class="card stack"
        onSubmit={(event) => {
          event.preventDefault();
          if (description.trim().length < COACH_DESCRIPTION_MIN_LENGTH) {
            return;
          }
          const brandContext =
            useKit && activeKit
              ? {
                  brandKitId: activeKit.id,
                  name: activeKit.name,
                  tone: activeKit.tone,
                  primaryColors: activeKit.primaryColors,
                  accentColors: activeKit.accentColors,
                  fonts: activeKit.fonts,
                }
              : null;
          void start({ assetType, description: description.trim(), brandContext });
        }}
      >
        <h2 class="card-title">What do you want to make?</h2>
        <SelectField label="Asset type" value={assetType} onValue={setAssetType} options={typeOptions} />
        <TextArea
          label="Your rough idea"
          value={description}
          onValue={setDescription}
          rows={3}
          maxLength={COACH_DESCRIPTION_MAX_LENGTH}
          placeholder="e.g. my cat mascot doing a victory dance, for when we win a round"
        />
        {activeKit && (
          <label class="checkbox">
            <input type="checkbox" checked={useKit} onChange={(event) => setUseKit(event.currentTarget.checked)} />
            Use my active brand kit ({activeKit.name})
          </label>
        )}
        <Button
          type="submit"
          variant="primary"
          icon="chat"
          disabled={description.trim().length < COACH_DESCRIPTION_MIN_LENGTH}
        >
          Start coaching
        </Button>
      </form>
    );
  }

  const streaming = state.streaming !== null;
  return (
    <div class="coach-layout">
      <section class="chat card" aria-label="Conversation">
        {/* focusable so the conversation can be scrolled from the keyboard */}
        <div
          class="chat-transcript"
          ref={transcript}
          role="log"
          aria-label="Messages"
          tabIndex={0}
          aria-live="polite"
          aria-busy={streaming}
        >
          {state.grounding.length > 0 && (
            <div class="grounding">
              {state.grounding.map((line, index) => (
                <span key={index} class="chip chip-muted">
                  <Icon name="globe" size={12} /> {line}
                </span>
              ))}
            </div>
          )}
          {state.messages.map((item, index) => (
            <div key={index} class={`chat-bubble chat-${item.role}`}>
              {item.content}
            </div>
          ))}
          {streaming &&
            (state.streaming ? (
              <div class="chat-bubble chat-assistant is-streaming">{state.streaming}</div>
            ) : (
              <CoachMessageSkeleton />
            ))}
          {state.error && (
            <p class="form-error" role="alert">
              {state.error}
            </p>
          )}
        </div>
        {state.ended ? (
          <div class="chat-footer">
            <span class="muted">Session ended.</span>
            <Button onClick={reset} icon="refresh">
              New session
            </Button>
          </div>
        ) : (
          <form
            class="chat-composer"
            onSubmit={(event) => {
              event.preventDefault();
              if (message.trim()) {
                void send(message.trim());
                setMessage('');
              }
            }}
          >
            <label class="sr-only" for="coach-message">
              Message the coach
            </label>
            <input
              id="coach-message"
              class="input"
              value={message}
              maxLength={COACH_MESSAGE_MAX_LENGTH}
              placeholder="Answer, or ask for a change…"
              disabled={streaming}
              onInput={(event) => setMessage(event.currentTarget.value)}
            />
            <Button type="submit" variant="primary" icon="send" disabled={streaming || !message.trim()}>
              Send
            </Button>
          </form>
        )}
        {state.turnsRemaining !== null && !state.ended && (
          <p class="muted small chat-meta">
            {state.turnsRemaining} turn{state.turnsRemaining === 1 ? '' : 's'} left ·{' '}
            <button type="button" class="link-button" onClick={() => void end()}>
              End session
            </button>
          </p>
        )}
      </section>
      <aside>
        {state.intent ? (
          <IntentCard intent={state.intent} onUse={() => useIntent(state.intent!)} />
        ) : (
          <p class="muted">The coach will propose a prompt when it has what it needs.</p>
        )}
      </aside>
    </div>
  );
}

export function CoachPage() {
  const [access, setAccess] = useState<CoachAccess | null>(null);
  useEffect(() => {
    api.coach.access().then(setAccess, reportError);
  }, []);
  return (
    <div class="page">
      <PageHeader
        title="Prompt Coach"
        description="Bring a rough idea; leave with a prompt that renders beautifully at every size."
      />
      {access === null ? (
        <TableSkeleton rows={4} />
      ) : access.coachAccess ? (
        <CoachChat />
      ) : (
        <TipsBrowser access={access} />
      )}
    </div>
  );
}
