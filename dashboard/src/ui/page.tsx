import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';

/** Page heading block; also sets the document title. */
export function PageHeader({
  title,
  eyebrow,
  description,
  actions,
}: {
  title: string;
  eyebrow?: string;
  description?: ComponentChildren;
  actions?: ComponentChildren;
}) {
  useDocumentTitle(title);
  return (
    <header class="page-header">
      <div class="page-heading">
        {eyebrow && <p class="eyebrow">{eyebrow}</p>}
        <h1 class="page-title">{title}</h1>
        {description && <p class="page-description">{description}</p>}
      </div>
      {actions && <div class="page-actions">{actions}</div>}
    </header>
  );
}

export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · AuraStream`;
  }, [title]);
}

export function Card({
  children,
  class: className = '',
  title,
  actions,
}: {
  children: ComponentChildren;
  class?: string;
  title?: string;
  actions?: ComponentChildren;
}) {
  return (
    <section class={`card ${className}`}>
      {(title || actions) && (
        <header class="card-header">
          {title && <h2 class="card-title">{title}</h2>}
          {actions}
        </header>
      )}
      {children}
    </section>
  );
}
