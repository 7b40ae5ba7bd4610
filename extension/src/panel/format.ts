const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 days ago", in the viewer's Twitch language. */
export function timeAgo(iso: string, language: string, now = Date.now()): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  if (Math.abs(seconds) < 60) {
    return 'just now';
  }
  const format = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
  for (const [unit, length] of units) {
    if (Math.abs(seconds) >= length) {
      return format.format(Math.round(seconds / length), unit);
    }
  }
  return format.format(Math.round(seconds / 60), 'minute');
}

/** "112 × 112 px". */
export function dimensions(item: { width: number; height: number }): string {
  return `${item.width} × ${item.height} px`;
}

/** "12 designs". */
export function designCount(count: number, language: string): string {
  return `${new Intl.NumberFormat(language).format(count)} ${count === 1 ? 'design' : 'designs'}`;
}
