/**
 * Content-aware skeletons: each has the shape of what is loading, so the page does not jump when it
 * arrives. The shimmer stops for people who prefer reduced motion (see skeleton CSS).
 */
function Block({ class: className = '', style }: { class?: string; style?: Record<string, string> }) {
  return <span class={`skeleton ${className}`} style={style} aria-hidden="true" />;
}

export function AssetGridSkeleton({ count = 8 }: { count?: number }) {
  return (
    <div class="asset-grid" aria-busy="true" aria-label="Loading assets">
      {Array.from({ length: count }, (_, index) => (
        <div key={index} class="asset-card asset-card-skeleton">
          <Block class="skeleton-square" />
          <div class="asset-card-meta">
            <Block class="skeleton-line" style={{ width: '60%' }} />
            <Block class="skeleton-line skeleton-line-sm" style={{ width: '35%' }} />
          </div>
        </div>
      ))}
    </div>
  );
}

export function BrandKitCardSkeleton({ count = 3 }: { count?: number }) {
  return (
    <div class="kit-grid" aria-busy="true" aria-label="Loading brand kits">
      {Array.from({ length: count }, (_, index) => (
        <div key={index} class="kit-card">
          <div class="kit-swatches">
            {Array.from({ length: 5 }, (_, swatch) => (
              <Block key={swatch} class="skeleton-swatch" />
            ))}
          </div>
          <Block class="skeleton-line skeleton-line-lg" style={{ width: '55%' }} />
          <Block class="skeleton-line skeleton-line-sm" style={{ width: '30%' }} />
        </div>
      ))}
    </div>
  );
}

export function DashboardStatsSkeleton() {
  return (
    <div class="stat-grid" aria-busy="true" aria-label="Loading statistics">
      {Array.from({ length: 4 }, (_, index) => (
        <div key={index} class="stat-card">
          <Block class="skeleton-line skeleton-line-sm" style={{ width: '45%' }} />
          <Block class="skeleton-line skeleton-line-xl" style={{ width: '35%' }} />
        </div>
      ))}
    </div>
  );
}

export function CoachMessageSkeleton() {
  return (
    <div class="chat-bubble chat-assistant" aria-busy="true" aria-label="The coach is thinking">
      <Block class="skeleton-line" style={{ width: '85%' }} />
      <Block class="skeleton-line" style={{ width: '70%' }} />
      <Block class="skeleton-line" style={{ width: '40%' }} />
    </div>
  );
}

export function TableSkeleton({ rows = 5 }: { rows?: number }) {
  return (
    <div aria-busy="true" aria-label="Loading" class="stack-sm">
      {Array.from({ length: rows }, (_, index) => (
        <Block key={index} class="skeleton-line skeleton-line-lg" style={{ width: `${90 - index * 8}%` }} />
      ))}
    </div>
  );
}
