import { readFileSync } from 'node:fs';
import { expect } from 'chai';

/**
 * The palette's promises, checked on the tokens themselves: text colours read at WCAG AA (4.5:1) on
 * every surface, and the ink on the aura gradient at every point of it, which axe cannot measure on a
 * gradient.
 */
const css = readFileSync(new URL('./tokens.css', import.meta.url), 'utf8');

function token(name: string): string {
  const match = new RegExp(`--${name}:\\s*([^;]+);`).exec(css);
  if (!match?.[1]) {
    throw new Error(`no --${name} in tokens.css`);
  }
  return match[1].trim();
}

type Rgb = [number, number, number];

function hex(value: string): Rgb {
  const match = /^#([0-9a-f]{6})$/i.exec(value);
  if (!match?.[1]) {
    throw new Error(`${value} is not a #rrggbb colour`);
  }
  const number = Number.parseInt(match[1], 16);
  return [(number >> 16) & 255, (number >> 8) & 255, number & 255];
}

function luminance(color: Rgb): number {
  const [r, g, b] = color.map((channel) => {
    const value = channel / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: Rgb, b: Rgb): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** The colours of a `linear-gradient(angle, #hex p%, …)` at every hundredth of its length. */
function gradientSamples(gradient: string): Rgb[] {
  const stops = [...gradient.matchAll(/(#[0-9a-f]{6})\s+(\d+)%/gi)].map((match) => ({
    color: hex(match[1]!),
    at: Number(match[2]) / 100,
  }));
  expect(stops.length, gradient).to.be.at.least(2);
  return Array.from({ length: 101 }, (_, index) => {
    const t = index / 100;
    const after = stops.findIndex((stop) => stop.at >= t);
    const to = stops[Math.max(after, 1)]!;
    const from = stops[Math.max(after, 1) - 1]!;
    const f = to.at === from.at ? 0 : Math.min(1, Math.max(0, (t - from.at) / (to.at - from.at)));
    return from.color.map((channel, i) => channel + (to.color[i]! - channel) * f) as Rgb;
  });
}

const surfaces = ['bg', 'bg-elevated', 'surface', 'surface-2', 'surface-3'];

describe('design tokens', () => {
  for (const text of ['text', 'text-muted', 'text-faint']) {
    it(`--${text} reads at 4.5:1 on every surface`, () => {
      for (const surface of surfaces) {
        const ratio = contrast(hex(token(text)), hex(token(surface)));
        expect(ratio, `--${text} on --${surface}`).to.be.at.least(4.5);
      }
    });
  }

  it('--on-aura reads at 4.5:1 at every point of the aura gradient', () => {
    const ink = hex(token('on-aura'));
    const worst = Math.min(...gradientSamples(token('aura')).map((color) => contrast(ink, color)));
    expect(worst).to.be.at.least(4.5);
  });
});
