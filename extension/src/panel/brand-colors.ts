import type { TwitchTheme } from '../shared/twitch-extension';
import type { ExtensionPanel } from './api';

type Rgb = [number, number, number];

/** AuraStream's own aura, for streamers without an active brand kit. */
const AURA_VIOLET = '#8B5CF6';
const AURA_CYAN = '#22D3EE';
/** The panel's backgrounds per theme (panel.css), which brand colours must stand out against. */
const BACKGROUNDS: Record<TwitchTheme, Rgb> = { dark: [0x14, 0x12, 0x19], light: [0xff, 0xff, 0xff] };
/** The cards text sits on besides the background (panel.css `--surface`). */
const SURFACES: Record<TwitchTheme, Rgb> = { dark: [0x1e, 0x1b, 0x26], light: [0xf3, 0xf2, 0xf7] };

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

/**
 * The colour moved toward black or white until it stands out on every one of `backgrounds` (of one
 * theme, so all light or all dark) by `ratio`: WCAG's 3:1 for UI parts, 4.5:1 for text.
 */
function legibleOn(color: Rgb, backgrounds: Rgb[], ratio: number): Rgb {
  const toward: Rgb = luminance(backgrounds[0] ?? [0, 0, 0]) > 0.5 ? [0, 0, 0] : [255, 255, 255];
  const worst = (candidate: Rgb) => Math.min(...backgrounds.map((background) => contrast(candidate, background)));
  let adjusted = color;
  for (let step = 1; step <= 20 && worst(adjusted) < ratio; step += 1) {
    adjusted = mix(color, toward, step / 20);
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
  const strong = legibleOn(primary, [BACKGROUNDS[theme]], 3);
  const text = legibleOn(primary, [BACKGROUNDS[theme], SURFACES[theme]], 4.5);
  return {
    '--brand': toHex(primary),
    '--brand-2': toHex(secondary),
    // text and icons on a brand-filled surface
    '--on-brand': contrast(primary, [255, 255, 255]) >= contrast(primary, [0, 0, 0]) ? '#ffffff' : '#0e0e10',
    // the brand colour where it must read against the panel: focus rings, active outlines
    '--brand-strong': toHex(strong),
    // the brand colour as text (a chatter's name in the chat preview)
    '--brand-text': toHex(text),
  };
}

/** The streamer's colours as swatches (header dots), at most five. */
export function swatchesOf(brand: ExtensionPanel['channel']['brand']): string[] {
  return [...(brand?.primaryColors ?? []), ...(brand?.accentColors ?? [])]
    .filter((color) => parseHex(color) !== null)
    .slice(0, 5);
}
