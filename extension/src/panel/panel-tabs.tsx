import type { PanelView } from './api';

const LABELS: Record<PanelView, string> = { showcase: 'Showcase', ideas: 'Ideas', live: 'Live' };

/** The views the streamer lets the panel show; arrow keys move between them while the tabs have focus. */
export function PanelTabs({
  views,
  active,
  onSelect,
}: {
  views: PanelView[];
  active: PanelView;
  onSelect: (view: PanelView) => void;
}) {
  const move = (event: KeyboardEvent) => {
    const index = views.indexOf(active);
    const next =
      event.key === 'ArrowRight'
        ? views[(index + 1) % views.length]
        : event.key === 'ArrowLeft'
          ? views[(index - 1 + views.length) % views.length]
          : event.key === 'Home'
            ? views[0]
            : event.key === 'End'
              ? views[views.length - 1]
              : undefined;
    if (next) {
      event.preventDefault();
      onSelect(next);
      document.getElementById(`tab-${next}`)?.focus();
    }
  };
  return (
    <div class="tabs" role="tablist" aria-label="Panel views" onKeyDown={move}>
      {views.map((view) => (
        <button
          key={view}
          id={`tab-${view}`}
          type="button"
          role="tab"
          class="tab"
          aria-selected={view === active}
          aria-controls="panel-view"
          tabIndex={view === active ? 0 : -1}
          onClick={() => onSelect(view)}
        >
          {LABELS[view]}
        </button>
      ))}
    </div>
  );
}
