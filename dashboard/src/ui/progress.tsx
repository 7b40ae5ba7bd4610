/** A progress bar announced to screen readers (the label says what is progressing). */
export function ProgressBar({
  value,
  label,
  indeterminate = false,
}: {
  value: number;
  label: string;
  indeterminate?: boolean;
}) {
  const clamped = Math.max(0, Math.min(100, Math.round(value)));
  return (
    <div
      class={`progress ${indeterminate ? 'progress-indeterminate' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={indeterminate ? undefined : clamped}
    >
      <span class="progress-fill" style={{ width: indeterminate ? undefined : `${clamped}%` }} />
    </div>
  );
}

/** A small usage meter (assets this month, kits used). */
export function Meter({ used, limit, label }: { used: number; limit: number | null; label: string }) {
  const ratio = limit ? Math.min(1, used / limit) : 0;
  return (
    <div class="meter" title={label}>
      <span
        class="meter-fill"
        style={{ width: `${ratio * 100}%` }}
        data-level={ratio >= 0.9 ? 'high' : ratio >= 0.7 ? 'mid' : 'low'}
      />
    </div>
  );
}
