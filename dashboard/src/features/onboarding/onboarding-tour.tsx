import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { useUser } from '../../api/session';
import { preferences, updatePreferences } from '../../lib/preferences';
import { useStore } from '../../lib/store';
import { track } from '../../lib/analytics';
import { Button } from '../../ui/button';
import { isMac } from '../shell/shortcuts';

interface Step {
  /** `data-tour` of the element to point at; none: centred. */
  target?: string;
  title: string;
  body: string;
}

function steps(name: string): Step[] {
  return [
    {
      title: `Welcome to AuraStream, ${name}!`,
      body: 'Your channel’s art studio: emotes, badges, panels and stream scenes, on brand and at every size Twitch asks for. Here’s the 30-second tour.',
    },
    {
      target: 'brand-kits',
      title: 'Start with a brand kit',
      body: 'Your colours, fonts, tone and logos in one place. Everything you generate picks them up automatically.',
    },
    {
      target: 'create',
      title: 'Create in seconds',
      body: 'Describe an emote, a sub badge or a whole starter pack. You’ll watch it render live and get every size ready to upload.',
    },
    {
      target: 'assets',
      title: 'Your library',
      body: 'Everything you make lands here: filter it, share it publicly, download it, or delete it (with undo).',
    },
    {
      target: 'palette',
      title: 'Move at stream speed',
      body: `Press ${isMac ? '⌘' : 'Ctrl'} K to jump anywhere, N for a new asset, B for brand kits and ? to see every shortcut.`,
    },
  ];
}

/** New accounts get the tour once; older ones signing in on a new browser do not. */
const tourWindowMs = 7 * 24 * 3_600_000;

function visibleTarget(name: string): HTMLElement | null {
  for (const element of document.querySelectorAll<HTMLElement>(`[data-tour="${name}"]`)) {
    const box = element.getBoundingClientRect();
    // the phone's off-canvas sidebar has a size too, but sits outside the viewport
    if (box.width > 0 && box.height > 0 && box.right > 0 && box.left < window.innerWidth) {
      return element;
    }
  }
  return null;
}

export function OnboardingTour() {
  const user = useUser();
  const { onboardedUsers } = useStore(preferences);
  const eligible = !onboardedUsers.includes(user.id) && Date.now() - Date.parse(user.createdAt) < tourWindowMs;
  const [index, setIndex] = useState(0);
  const [box, setBox] = useState<DOMRect | null>(null);
  const cardRef = useRef<HTMLDivElement>(null);
  const list = steps(user.displayName);
  const step = list[index];

  const finish = (completed: boolean) => {
    updatePreferences({ onboardedUsers: [...preferences.get().onboardedUsers, user.id] });
    track(completed ? 'onboarding_completed' : 'onboarding_skipped', 'wizard', { step: index + 1 });
  };

  useEffect(() => {
    if (eligible) {
      track('wizard_step_viewed', 'wizard', { wizard: 'onboarding', step: index + 1 });
    }
  }, [eligible, index]);

  const target = step?.target;
  useLayoutEffect(() => {
    if (!eligible) {
      return;
    }
    const measure = () => setBox(target ? (visibleTarget(target)?.getBoundingClientRect() ?? null) : null);
    measure();
    cardRef.current?.focus();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, [eligible, target]);

  useEffect(() => {
    if (!eligible) {
      return;
    }
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        finish(false);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  if (!eligible || !step) {
    return null;
  }
  const last = index === list.length - 1;
  const pad = 6;
  const cardStyle = placeCard(box);
  return (
    <div class="tour" role="presentation">
      {box ? (
        <div
          class="tour-spotlight"
          style={{
            top: `${box.top - pad}px`,
            left: `${box.left - pad}px`,
            width: `${box.width + pad * 2}px`,
            height: `${box.height + pad * 2}px`,
          }}
        />
      ) : (
        <div class="tour-dim" />
      )}
      <div
        ref={cardRef}
        class={`tour-card ${box ? '' : 'is-centred'}`}
        style={cardStyle}
        role="dialog"
        aria-modal="true"
        aria-labelledby="tour-title"
        aria-describedby="tour-body"
        tabIndex={-1}
      >
        <p class="tour-step">
          Step {index + 1} of {list.length}
        </p>
        <h2 id="tour-title" class="tour-title">
          {step.title}
        </h2>
        <p id="tour-body" class="tour-body">
          {step.body}
        </p>
        <div class="tour-dots" aria-hidden="true">
          {list.map((_, dot) => (
            <span key={dot} class={dot === index ? 'is-active' : ''} />
          ))}
        </div>
        <div class="tour-actions">
          <Button variant="ghost" size="sm" onClick={() => finish(false)}>
            Skip tour
          </Button>
          <span class="grow" />
          {index > 0 && (
            <Button size="sm" onClick={() => setIndex(index - 1)}>
              Back
            </Button>
          )}
          <Button variant="primary" size="sm" onClick={() => (last ? finish(true) : setIndex(index + 1))}>
            {last ? 'Let’s go' : 'Next'}
          </Button>
        </div>
      </div>
    </div>
  );
}

/** Beside the target when there is room (sidebar), else above or below it (phone bottom bar). */
function placeCard(box: DOMRect | null): Record<string, string> | undefined {
  if (!box) {
    return undefined;
  }
  const width = Math.min(340, window.innerWidth - 24);
  if (box.right + width + 24 < window.innerWidth) {
    return {
      left: `${box.right + 18}px`,
      top: `${Math.max(12, Math.min(box.top - 12, window.innerHeight - 260))}px`,
      width: `${width}px`,
    };
  }
  const left = Math.max(12, Math.min(box.left, window.innerWidth - width - 12));
  if (box.top > window.innerHeight / 2) {
    return { left: `${left}px`, bottom: `${window.innerHeight - box.top + 18}px`, width: `${width}px` };
  }
  return { left: `${left}px`, top: `${box.bottom + 18}px`, width: `${width}px` };
}
