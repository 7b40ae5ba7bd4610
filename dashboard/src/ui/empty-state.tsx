import type { ComponentChildren } from 'preact';
import { Icon, type IconName } from './icons';

/** A friendly "nothing here yet" with the next step to take. */
export function EmptyState({
  icon,
  title,
  children,
  actions,
  tone = 'default',
  headingLevel = 2,
}: {
  icon: IconName;
  title: string;
  /** 1 when the empty state is the whole page (a page has one level-one heading). */
  headingLevel?: 1 | 2;
  children?: ComponentChildren;
  actions?: ComponentChildren;
  tone?: 'default' | 'upgrade';
}) {
  return (
    <div class={`empty-state empty-${tone}`}>
      <div class="empty-art" aria-hidden="true">
        <span class="empty-orb" />
        <Icon name={icon} size={34} />
      </div>
      {headingLevel === 1 ? <h1 class="empty-title">{title}</h1> : <h2 class="empty-title">{title}</h2>}
      {children && <div class="empty-text">{children}</div>}
      {actions && <div class="empty-actions">{actions}</div>}
    </div>
  );
}
