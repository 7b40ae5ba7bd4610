import type { AnalyticsSummary } from '../../api/types';

/** Events per hour over the last day as bars, with a text alternative for screen readers. */
export function HourlyChart({ hours }: { hours: AnalyticsSummary['hourly'] }) {
  const max = Math.max(1, ...hours.map((hour) => hour.count));
  const width = 24 * 14;
  const height = 120;
  const total = hours.reduce((sum, hour) => sum + hour.count, 0);
  const peak = hours.reduce((best, hour) => (hour.count > (best?.count ?? -1) ? hour : best), hours[0]);
  return (
    <figure class="chart">
      <svg
        viewBox={`0 0 ${width} ${height + 18}`}
        role="img"
        aria-label={`${total} events in the last 24 hours${peak ? `, peak ${peak.count} at ${new Date(peak.hourStart).getHours()}:00` : ''}`}
      >
        <defs>
          <linearGradient id="bar" x1="0" y1="0" x2="0" y2="1">
            <stop offset="0" stop-color="#EC4899" />
            <stop offset="1" stop-color="#8B5CF6" />
          </linearGradient>
        </defs>
        {hours.map((hour, index) => {
          const barHeight = Math.max(2, (hour.count / max) * height);
          const label = new Date(hour.hourStart).getHours();
          return (
            <g key={hour.hourStart}>
              <rect
                x={index * 14 + 2}
                y={height - barHeight}
                width={10}
                height={barHeight}
                rx={3}
                fill="url(#bar)"
                opacity={hour.count === 0 ? 0.25 : 1}
              >
                <title>
                  {label}:00 · {hour.count} events
                </title>
              </rect>
              {index % 6 === 0 && (
                <text x={index * 14 + 7} y={height + 14} text-anchor="middle" class="chart-label">
                  {label}h
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/** Horizontal bars for a count per name (categories, event names). */
export function BarList({ items }: { items: { name: string; count: number }[] }) {
  const max = Math.max(1, ...items.map((item) => item.count));
  return (
    <ul class="bar-list">
      {items.map((item) => (
        <li key={item.name}>
          <span class="bar-name">{item.name}</span>
          <span class="bar-track" aria-hidden="true">
            <span class="bar-fill" style={{ width: `${(item.count / max) * 100}%` }} />
          </span>
          <span class="bar-count">{item.count.toLocaleString()}</span>
        </li>
      ))}
    </ul>
  );
}
