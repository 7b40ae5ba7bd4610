/** Colour arithmetic for palettes and contrast (sRGB, WCAG 2 relative luminance). */

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

const HEX = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i;

export function parseHex(value: string): Rgb | null {
  const match = HEX.exec(value.trim());
  if (!match?.[1]) {
    return null;
  }
  let hex = match[1];
  if (hex.length === 3) {
    hex = [...hex].map((digit) => digit + digit).join('');
  }
  const n = Number.parseInt(hex, 16);
  return { r: (n >> 16) & 255, g: (n >> 8) & 255, b: n & 255 };
}

export function toHex({ r, g, b }: Rgb): string {
  const part = (v: number): string =>
    Math.round(Math.min(255, Math.max(0, v)))
      .toString(16)
      .padStart(2, '0');
  return `#${part(r)}${part(g)}${part(b)}`;
}

export function rgba(color: string, alpha: number): string {
  const { r, g, b } = parseHex(color) ?? { r: 0, g: 0, b: 0 };
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/** Mixes `a` toward `b` by `t` (0 = a, 1 = b). */
export function mix(a: string, b: string, t: number): string {
  const x = parseHex(a) ?? { r: 0, g: 0, b: 0 };
  const y = parseHex(b) ?? { r: 0, g: 0, b: 0 };
  return toHex({ r: x.r + (y.r - x.r) * t, g: x.g + (y.g - x.g) * t, b: x.b + (y.b - x.b) * t });
}

export function lighten(color: string, t: number): string {
  return mix(color, '#ffffff', t);
}

export function darken(color: string, t: number): string {
  return mix(color, '#000000', t);
}

function channel(v: number): number {
  const c = v / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance of 8-bit sRGB channels, 0 (black) to 1 (white). */
export function luminanceOf(r: number, g: number, b: number): number {
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

export function luminance(color: string): number {
  const { r, g, b } = parseHex(color) ?? { r: 0, g: 0, b: 0 };
  return luminanceOf(r, g, b);
}

/** WCAG contrast ratio of two luminances, 1 to 21. */
export function contrastOfLuminances(a: number, b: number): number {
  const [hi, lo] = a > b ? [a, b] : [b, a];
  return (hi + 0.05) / (lo + 0.05);
}

export function contrast(a: string, b: string): number {
  return contrastOfLuminances(luminance(a), luminance(b));
}

/** Black or white, whichever reads better on `background`. */
export function inkOn(background: string, dark = '#111118', light = '#ffffff'): string {
  return contrast(background, dark) >= contrast(background, light) ? dark : light;
}

export interface Hsl {
  h: number;
  s: number;
  l: number;
}

export function toHsl(color: string): Hsl {
  const { r, g, b } = parseHex(color) ?? { r: 0, g: 0, b: 0 };
  const [x, y, z] = [r / 255, g / 255, b / 255];
  const max = Math.max(x, y, z);
  const min = Math.min(x, y, z);
  const l = (max + min) / 2;
  if (max === min) {
    return { h: 0, s: 0, l };
  }
  const d = max - min;
  const s = l > 0.5 ? d / (2 - max - min) : d / (max + min);
  let h: number;
  if (max === x) {
    h = (y - z) / d + (y < z ? 6 : 0);
  } else if (max === y) {
    h = (z - x) / d + 2;
  } else {
    h = (x - y) / d + 4;
  }
  return { h: h * 60, s, l };
}

export function fromHsl({ h, s, l }: Hsl): string {
  const hue = (((h % 360) + 360) % 360) / 360;
  if (s === 0) {
    return toHex({ r: l * 255, g: l * 255, b: l * 255 });
  }
  const q = l < 0.5 ? l * (1 + s) : l + s - l * s;
  const p = 2 * l - q;
  const convert = (t0: number): number => {
    let t = t0;
    if (t < 0) {
      t += 1;
    }
    if (t > 1) {
      t -= 1;
    }
    if (t < 1 / 6) {
      return p + (q - p) * 6 * t;
    }
    if (t < 1 / 2) {
      return q;
    }
    if (t < 2 / 3) {
      return p + (q - p) * (2 / 3 - t) * 6;
    }
    return p;
  };
  return toHex({ r: convert(hue + 1 / 3) * 255, g: convert(hue) * 255, b: convert(hue - 1 / 3) * 255 });
}

/** Rotates the hue by `degrees` and optionally sets saturation/lightness. */
export function shiftHue(color: string, degrees: number, changes: Partial<Hsl> = {}): string {
  const hsl = toHsl(color);
  return fromHsl({ ...hsl, h: hsl.h + degrees, ...changes });
}
