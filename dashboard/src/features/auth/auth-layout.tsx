import type { ComponentChildren } from 'preact';
import { useDocumentTitle } from '../../ui/page';
import { Wordmark } from '../../ui/wordmark';

const showcase = [
  { label: 'GG', tone: 'violet' },
  { label: 'HYPE', tone: 'pink' },
  { label: 'POG', tone: 'cyan' },
  { label: 'LUL', tone: 'amber' },
  { label: '<3', tone: 'pink' },
  { label: 'W', tone: 'violet' },
];

/** Split screen: the form, and a glimpse of what the studio makes. */
export function AuthLayout({
  title,
  subtitle,
  children,
}: {
  title: string;
  subtitle?: ComponentChildren;
  children: ComponentChildren;
}) {
  useDocumentTitle(title);
  return (
    <div class="auth">
      <div class="auth-panel">
        <header class="auth-header">
          <Wordmark />
        </header>
        <main class="auth-main" id="main">
          <h1 class="auth-title">{title}</h1>
          {subtitle && <p class="auth-subtitle">{subtitle}</p>}
          {children}
        </main>
        <footer class="auth-footer">© AuraStream · Made for streamers</footer>
      </div>
      <aside class="auth-art" aria-hidden="true">
        <div class="auth-art-glow" />
        <div class="showcase">
          {showcase.map((item, index) => (
            <div key={index} class={`showcase-tile tone-${item.tone}`} style={{ animationDelay: `${index * 0.4}s` }}>
              <span>{item.label}</span>
            </div>
          ))}
        </div>
        <div class="auth-pitch">
          <p class="auth-pitch-title">Your whole channel, on brand.</p>
          <p>Emotes, sub badges, panels, banners and scenes in every size Twitch asks for, from one prompt.</p>
        </div>
      </aside>
    </div>
  );
}

export function FormError({ message }: { message: string | null }) {
  if (!message) {
    return null;
  }
  return (
    <div class="form-error" role="alert">
      {message}
    </div>
  );
}
