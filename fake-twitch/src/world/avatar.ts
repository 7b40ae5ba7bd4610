const colors = ['#9147FF', '#FF4F9A', '#00C2A8', '#FF8A3D', '#3D8BFF', '#E0B400'];

/**
 * A profile picture that works offline: Twitch's own (static-cdn.jtvnw.net) cannot load without the
 * internet, so accounts a person creates in the fake get an SVG with their initial, as a data URL.
 */
export function avatarDataUrl(login: string): string {
  const sum = [...login].reduce((total, char) => total + char.charCodeAt(0), 0);
  const color = colors[sum % colors.length] as string;
  const initial = (login[0] ?? '?').toUpperCase();
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="300" viewBox="0 0 300 300">` +
    `<rect width="300" height="300" fill="${color}"/>` +
    `<text x="150" y="196" font-family="sans-serif" font-size="150" font-weight="700" fill="#fff" text-anchor="middle">${initial}</text></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}
