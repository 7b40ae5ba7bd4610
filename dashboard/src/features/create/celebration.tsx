import { api } from '../../api/client';
import { session } from '../../api/session';
import { createStore, useStore } from '../../lib/store';
import { preferences, updatePreferences } from '../../lib/preferences';
import { track, trackAsset } from '../../lib/analytics';
import { Modal } from '../../ui/modal';
import { Button } from '../../ui/button';
import { notify } from '../../ui/toasts';
import { bestFirst, groupDesigns, tileUrl } from '../assets/designs';

/** The spec's milestones: the 1st, 10th, 50th and 100th asset (a design, whatever its number of files). */
export const milestones = [1, 10, 50, 100] as const;

interface CelebrationState {
  milestone: number;
  previewUrl: string | null;
  assetId: string | null;
  assetType: string | null;
}

const celebration = createStore<CelebrationState | null>(null);

const copy: Record<number, { title: string; text: string }> = {
  1: { title: 'Your first design!', text: 'Every iconic channel starts with one emote. This is yours.' },
  10: { title: '10 designs in your library', text: 'Double digits! Your channel is starting to look like a brand.' },
  50: {
    title: '50 designs!',
    text: 'Fifty. Your chat is going to run out of emote slots before you run out of ideas.',
  },
  100: { title: '100 designs. Legend.', text: 'A hundred creations. You are officially a design machine.' },
};

/** The milestones a generation of `newDesigns` crossed to reach `count` designs, not yet celebrated. */
export function crossedMilestones(count: number, newDesigns: number, celebrated: readonly number[]): number[] {
  return milestones.filter(
    (milestone) => count - newDesigns < milestone && milestone <= count && !celebrated.includes(milestone),
  );
}

/**
 * After a generation: asks the service how many designs the user has (designs, not files: an emote
 * is three files) and celebrates the highest milestone this generation crossed, once per user.
 */
export async function checkMilestones(newDesigns: number): Promise<void> {
  const user = session.get().user;
  if (!user || newDesigns <= 0) {
    return;
  }
  try {
    const summary = await api.assets.summary();
    const done = preferences.get().celebratedMilestones[user.id] ?? [];
    const crossed = crossedMilestones(summary.designs, newDesigns, done);
    const milestone = crossed.at(-1);
    if (milestone === undefined) {
      return;
    }
    updatePreferences({
      celebratedMilestones: { ...preferences.get().celebratedMilestones, [user.id]: [...done, ...crossed] },
    });
    // of the designs this generation made (newest first), the one that reads best in chat
    const recent = await api.assets.list({ query: { limit: Math.min(100, newDesigns * 4) } });
    const shown = bestFirst(groupDesigns(recent.assets).slice(0, newDesigns))[0];
    celebration.set({
      milestone,
      previewUrl: shown ? tileUrl(shown) : null,
      assetId: shown && shown.isPublic ? shown.preview.id : null,
      assetType: shown?.assetType ?? null,
    });
    track('milestone_reached', 'feature', { milestone });
    if (preferences.get().celebrationSound) {
      playChime();
    }
  } catch {
    // a missed celebration is not worth an error message
  }
}

/** A short rising arpeggio from the Web Audio API (no sound file to load). */
function playChime(): void {
  try {
    const context = new AudioContext();
    [523.25, 659.25, 783.99, 1046.5].forEach((frequency, index) => {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = 'triangle';
      oscillator.frequency.value = frequency;
      const start = context.currentTime + index * 0.09;
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.18, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.5);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(start);
      oscillator.stop(start + 0.55);
    });
    setTimeout(() => void context.close(), 1500);
  } catch {
    // audio blocked or unavailable
  }
}

const confettiColors = ['#8B5CF6', '#EC4899', '#22D3EE', '#FBBF24', '#34D399'];

export function Celebration() {
  const state = useStore(celebration);
  const close = () => celebration.set(null);
  const text = state ? (copy[state.milestone] ?? copy[1]!) : null;
  const shareUrl = state?.assetId ? `${window.location.origin}/api/v1/asset/${state.assetId}/image` : null;
  const share = async () => {
    if (!shareUrl || !state?.assetType) {
      return;
    }
    await navigator.clipboard.writeText(shareUrl).then(
      () => notify('success', 'Link copied. Paste it in Discord or on X!'),
      () => notify('info', shareUrl, 10_000),
    );
    trackAsset('asset_shared', state.assetType as Parameters<typeof trackAsset>[1], { via: 'celebration' });
  };
  return (
    <Modal open={state !== null} onClose={close} title={text?.title ?? ''} size="sm" class="celebration">
      {state && text && (
        <>
          <div class="confetti" aria-hidden="true">
            {Array.from({ length: 28 }, (_, index) => (
              <span
                key={index}
                style={{
                  left: `${(index * 37) % 100}%`,
                  background: confettiColors[index % confettiColors.length],
                  animationDelay: `${(index % 7) * 0.08}s`,
                  transform: `rotate(${index * 29}deg)`,
                }}
              />
            ))}
          </div>
          <div class="celebration-body">
            <span class="milestone-number">{state.milestone}</span>
            {state.previewUrl && (
              <img class="celebration-preview is-checker" src={state.previewUrl} alt="Your new design" />
            )}
            <p>{text.text}</p>
            <div class="celebration-actions">
              {shareUrl && (
                <>
                  <Button icon="link" onClick={() => void share()}>
                    Copy share link
                  </Button>
                  <a
                    class="btn btn-secondary btn-md"
                    href={`https://twitter.com/intent/tweet?text=${encodeURIComponent(`Just made my ${state.milestone === 1 ? 'first' : `${state.milestone}th`} channel asset with AuraStream ✨`)}&url=${encodeURIComponent(shareUrl)}`}
                    target="_blank"
                    rel="noopener noreferrer"
                  >
                    Share on X
                  </a>
                </>
              )}
              <Button variant="primary" onClick={close}>
                Keep creating
              </Button>
            </div>
          </div>
        </>
      )}
    </Modal>
  );
}
