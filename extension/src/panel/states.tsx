import type { ComponentChildren } from 'preact';
import { PlugIcon, RetryIcon, ShieldIcon, SparkIcon } from './icons';

/** The panel's shape while the showcase loads: header, chips and tiles shimmering in place. */
export function PanelSkeleton() {
  return (
    <div class="skeleton" role="status" aria-live="polite">
      <span class="visually-hidden">Loading the showcase…</span>
      <div class="skeleton__header" aria-hidden="true">
        <span class="skeleton__block skeleton__block--eyebrow" />
        <span class="skeleton__block skeleton__block--title" />
      </div>
      <div class="skeleton__chips" aria-hidden="true">
        {[44, 64, 58, 52].map((width, index) => (
          <span key={index} class="skeleton__block skeleton__block--chip" style={{ width: `${width}px` }} />
        ))}
      </div>
      <div class="skeleton__grid" aria-hidden="true">
        {Array.from({ length: 8 }, (_, index) => (
          <span key={index} class="skeleton__block skeleton__block--tile" />
        ))}
      </div>
      <div class="skeleton__wide" aria-hidden="true">
        <span class="skeleton__block skeleton__block--card" />
        <span class="skeleton__block skeleton__block--card" />
      </div>
    </div>
  );
}

interface PanelMessageProps {
  icon: ComponentChildren;
  title: string;
  children: ComponentChildren;
  action?: { label: string; onClick: () => void };
  tone?: 'neutral' | 'warning';
  /** 1 when the message is the whole panel, 2 under the showcase's header. */
  headingLevel?: 1 | 2;
  /** Announced to screen readers when it appears (problems), rather than read in turn. */
  alert?: boolean;
}

/** A centred message filling the panel: empty showcase, problems, outside Twitch. */
export function PanelMessage({
  icon,
  title,
  children,
  action,
  tone = 'neutral',
  alert = false,
  headingLevel = 1,
}: PanelMessageProps) {
  return (
    <div class={`message message--${tone}`} role={alert ? 'alert' : undefined}>
      <div class="message__icon" aria-hidden="true">
        {icon}
      </div>
      {headingLevel === 1 ? <h1 class="message__title">{title}</h1> : <h2 class="message__title">{title}</h2>}
      <p class="message__body">{children}</p>
      {action && (
        <button type="button" class="button" onClick={action.onClick}>
          <RetryIcon size={14} />
          {action.label}
        </button>
      )}
    </div>
  );
}

export function EmptyShowcase({ streamer }: { streamer: string }) {
  return (
    <PanelMessage icon={<SparkIcon size={26} />} title="This streamer hasn't shared any designs yet" headingLevel={2}>
      When {streamer} shares emotes, badges or scenes made with AuraStream, they show up here.
    </PanelMessage>
  );
}

export function NotConnectedMessage() {
  return (
    <PanelMessage icon={<PlugIcon size={26} />} title="Showcase coming soon">
      This channel hasn't connected its AuraStream account yet. Check back later!
    </PanelMessage>
  );
}

export function UnauthorizedMessage({ onRetry }: { onRetry: () => void }) {
  return (
    <PanelMessage
      icon={<ShieldIcon size={26} />}
      title="Couldn't confirm your Twitch session"
      action={{ label: 'Try again', onClick: onRetry }}
      tone="warning"
      alert
    >
      Twitch didn't vouch for this viewer session. Reloading the page usually sorts it out.
    </PanelMessage>
  );
}

export function BusyMessage({ seconds }: { seconds: number }) {
  return (
    <PanelMessage icon={<SparkIcon size={26} />} title="Lots of viewers right now" alert>
      The showcase will load by itself in about {seconds} {seconds === 1 ? 'second' : 'seconds'}.
    </PanelMessage>
  );
}

export function FailedMessage({ onRetry }: { onRetry: () => void }) {
  return (
    <PanelMessage
      icon={<RetryIcon size={26} />}
      title="The showcase didn't load"
      action={{ label: 'Try again', onClick: onRetry }}
      tone="warning"
      alert
    >
      AuraStream couldn't be reached. Check your connection and try again.
    </PanelMessage>
  );
}

export function OutsideTwitchMessage() {
  return (
    <PanelMessage icon={<PlugIcon size={26} />} title="This panel lives on Twitch">
      Open a channel page with the AuraStream extension installed to see the streamer's designs. Developers: the test
      harness is at <code>/extension/</code>.
    </PanelMessage>
  );
}
