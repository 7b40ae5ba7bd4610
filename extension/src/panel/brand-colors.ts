import type { TwitchTheme } from '../shared/twitch-extension';
import type { ExtensionPanel } from './api';

type Rgb = [number, number, number];

/** AuraStream's own aura, for streamers without an active brand kit. */
const AURA_VIOLET = '#8B5CF6';
const AURA_CYAN = '#22D3EE';
/** The panel's backgrounds per theme (panel.css), which brand colours must stand out against. */
const BACKGROUNDS: Record<TwitchTheme, Rgb> = { dark: [0x14, 0x12, 0x19], light: [0xff, 0xff, 0xff] };

function parseHex(hex: string): Rgb | null {
  const match = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!match?.[1]) {
    return null;
  }
  const value = Number.parseInt(match[1], 16);
  return [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
}

function toHex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((channel) => Math.round(channel).toString(16).padStart(2, '0')).join('')}`;
}

/** WCAG relative luminance. */
function luminance([r, g, b]: Rgb): number {
  const linear = (channel: number) => {
    const value = channel / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

function contrast(a: Rgb, b: Rgb): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

function mix(color: Rgb, toward: Rgb, amount: number): Rgb {
  return color.map((channel, index) => channel + ((toward[index] ?? 0) - channel) * amount) as Rgb;
}

/** The colour moved toward black or white until it stands out (3:1, WCAG's for UI parts). */
function legibleOn(color: Rgb, background: Rgb): Rgb {
  const toward: Rgb = luminance(background) > 0.5 ? [0, 0, 0] : [255, 255, 255];
  let adjusted = color;
  for (let step = 1; step <= 10 && contrast(adjusted, background) < 3; step += 1) {
    adjusted = mix(color, toward, step / 10);
  }
  return adjusted;
}

/** CSS custom properties painting the panel in the streamer's colours, legible in either theme. */
export function brandStyle(brand: ExtensionPanel['channel']['brand'], theme: TwitchTheme): Record<string, string> {
  const parsed = (colors: readonly string[] | undefined) =>
    (colors ?? []).map(parseHex).filter((color): color is Rgb => color !== null);
  const primaries = parsed(brand?.primaryColors);
  const accents = parsed(brand?.accentColors);
  const primary = primaries[0] ?? accents[0] ?? (parseHex(AURA_VIOLET) as Rgb);
  // the second colour of the header's gradient: an accent, else another primary
  const secondary = accents[0] ?? primaries[1] ?? (brand ? primary : (parseHex(AURA_CYAN) as Rgb));
  const background = BACKGROUNDS[theme];
  const strong = legibleOn(primary, background);
  return {
    '--brand': toHex(primary),
    '--brand-2': toHex(secondary),
    // text and icons on a brand-filled surface
    '--on-brand': contrast(primary, [255, 255, 255]) >= contrast(primary, [0, 0, 0]) ? '#ffffff' : '#0e0e10',
    // the brand colour where it must read against the panel: focus rings, active outlines
    '--brand-strong': toHex(strong),
  };
}

/** The streamer's colours as swatches (header dots), at most five. */
export function swatchesOf(brand: ExtensionPanel['channel']['brand']): string[] {
  return [...(brand?.primaryColors ?? []), ...(brand?.accentColors ?? [])]
    .filter((color) => parseHex(color) !== null)
    .slice(0, 5);
}
