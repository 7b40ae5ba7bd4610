import { useState } from 'preact/hooks';
import {
  cleanIdeaText,
  ideaTextLength,
  IDEA_TEXT_MAX_LENGTH,
  type IdeaAssetType,
  type IdeaSubmitters,
} from '@aurastream/contract/extension';
import type { PanelIdeas, ViewerClaims } from './api';

/** What a viewer may ask for, as the select lists it (the contract's idea asset types). */
const ASSET_TYPES: Record<IdeaAssetType, string> = {
  emote: 'Emote',
  badge: 'Sub badge',
  panel: 'Panel',
  banner: 'Banner',
  offline_screen: 'Offline screen',
  overlay: 'Overlay',
  alert: 'Alert',
};

const WHO: Record<IdeaSubmitters, string> = {
  everyone: 'Anyone can suggest',
  subscribers: 'Subscribers, VIPs and mods can suggest',
  vips: 'VIPs and mods can suggest',
  moderators: 'Mods can suggest',
};

function rulesLine(rules: PanelIdeas['rules']): string {
  const parts = [WHO[rules.submitters]];
  if (rules.onePendingPerViewer) {
    parts.push('one idea at a time');
  }
  if (rules.cooldownSeconds > 0) {
    parts.push(`${rules.cooldownSeconds} s between ideas`);
  }
  return `${parts.join(' · ')}.`;
}

interface SuggestFormProps {
  rules: PanelIdeas['rules'];
  claims: ViewerClaims;
  onShareIdentity: (() => void) | null;
  onSuggest: (text: string, assetType: IdeaAssetType) => Promise<boolean>;
}

/** The channel's rules first, then the idea: its words (counted as the service counts them) and its kind. */
export function SuggestForm({ rules, claims, onShareIdentity, onSuggest }: SuggestFormProps) {
  const [text, setText] = useState('');
  const [assetType, setAssetType] = useState<IdeaAssetType>('emote');
  const [sending, setSending] = useState(false);
  const length = ideaTextLength(cleanIdeaText(text));
  const tooLong = length > IDEA_TEXT_MAX_LENGTH;

  if (!rules.enabled) {
    return <p class="ideas__rules">The streamer is not taking ideas right now.</p>;
  }
  if (rules.requiresIdentity && !claims.userId) {
    return (
      <div class="suggest">
        <p class="ideas__rules">{rulesLine(rules)} This channel shows who suggested each idea.</p>
        {onShareIdentity && (
          <button type="button" class="button" onClick={onShareIdentity}>
            Share your Twitch name to suggest
          </button>
        )}
      </div>
    );
  }
  return (
    <form
      class="suggest"
      onSubmit={(event) => {
        event.preventDefault();
        if (length === 0 || tooLong || sending) {
          return;
        }
        setSending(true);
        void onSuggest(text, assetType).then((sent) => {
          setSending(false);
          if (sent) {
            setText('');
          }
        });
      }}
    >
      <p class="ideas__rules" id="suggest-rules">
        {rulesLine(rules)}
      </p>
      <label class="visually-hidden" for="suggest-text">
        Your idea
      </label>
      <textarea
        id="suggest-text"
        class="suggest__text"
        rows={2}
        placeholder="Suggest what the streamer makes next…"
        aria-describedby="suggest-rules suggest-count"
        aria-invalid={tooLong}
        value={text}
        onInput={(event) => setText(event.currentTarget.value)}
      />
      <div class="suggest__row">
        <label class="visually-hidden" for="suggest-type">
          Kind of design
        </label>
        <select
          id="suggest-type"
          class="suggest__type"
          value={assetType}
          onChange={(event) => setAssetType(event.currentTarget.value as IdeaAssetType)}
        >
          {Object.entries(ASSET_TYPES).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <span id="suggest-count" class={`suggest__count${tooLong ? ' suggest__count--over' : ''}`}>
          {length}/{IDEA_TEXT_MAX_LENGTH}
        </span>
        <button type="submit" class="button suggest__send" disabled={length === 0 || tooLong || sending}>
          Suggest
        </button>
      </div>
    </form>
  );
}
