import { useId } from 'preact/hooks';
import { Icon } from '../../ui/icons';

const MAX_COLORS = 8;

function normalise(value: string): string | null {
  const digits = value.trim().replace(/^#/, '');
  if (/^[0-9a-fA-F]{3}$/.test(digits)) {
    return `#${digits
      .split('')
      .map((digit) => digit + digit)
      .join('')
      .toUpperCase()}`;
  }
  return /^[0-9a-fA-F]{6}$/.test(digits) ? `#${digits.toUpperCase()}` : null;
}

/** Swatches with a colour picker and a hex field each; typed hex is checked as it is typed. */
export function PaletteEditor({
  label,
  hint,
  colors,
  onChange,
}: {
  label: string;
  hint?: string;
  colors: string[];
  onChange: (colors: string[]) => void;
}) {
  const groupId = useId();
  const set = (index: number, value: string) => onChange(colors.map((color, i) => (i === index ? value : color)));
  return (
    <fieldset class="palette-editor" aria-describedby={hint ? `${groupId}-hint` : undefined}>
      <legend class="field-label">{label}</legend>
      {hint && (
        <p class="field-hint" id={`${groupId}-hint`}>
          {hint}
        </p>
      )}
      <div class="palette-rows">
        {colors.map((color, index) => {
          const valid = normalise(color) !== null;
          return (
            <div key={index} class={`palette-row ${valid ? '' : 'is-invalid'}`}>
              <label class="swatch-picker" style={{ background: valid ? normalise(color)! : 'transparent' }}>
                <span class="sr-only">
                  Pick {label.toLowerCase()} colour {index + 1}
                </span>
                <input
                  type="color"
                  value={normalise(color) ?? '#000000'}
                  onInput={(event) => set(index, event.currentTarget.value.toUpperCase())}
                />
              </label>
              <input
                class="input input-hex"
                value={color}
                aria-label={`${label} colour ${index + 1} (hex)`}
                aria-invalid={!valid || undefined}
                maxLength={7}
                spellcheck={false}
                onInput={(event) => set(index, event.currentTarget.value)}
                onBlur={(event) => {
                  const fixed = normalise(event.currentTarget.value);
                  if (fixed) {
                    set(index, fixed);
                  }
                }}
              />
              <button
                type="button"
                class="btn btn-ghost btn-sm btn-icon"
                aria-label={`Remove ${label.toLowerCase()} colour ${index + 1}`}
                onClick={() => onChange(colors.filter((_, i) => i !== index))}
              >
                <Icon name="x" size={16} />
              </button>
            </div>
          );
        })}
        {colors.length < MAX_COLORS && (
          <button type="button" class="palette-add" onClick={() => onChange([...colors, randomColor()])}>
            <Icon name="plus" size={16} /> Add colour
          </button>
        )}
      </div>
      {colors.some((color) => normalise(color) === null) && (
        <p class="field-message is-invalid" role="alert">
          <Icon name="alert" size={14} /> Use hex colours like #9146FF
        </p>
      )}
    </fieldset>
  );
}

export function isValidPalette(colors: string[]): boolean {
  return colors.every((color) => normalise(color) !== null);
}

export function normalisePalette(colors: string[]): string[] {
  return colors.map((color) => normalise(color) ?? color);
}

function randomColor(): string {
  const hue = Math.floor(Math.random() * 360);
  // vivid but not neon-blinding: a fixed saturation and lightness
  const s = 0.75;
  const l = 0.58;
  const k = (n: number) => (n + hue / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const channel = (n: number) => Math.round(255 * (l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)))));
  return `#${[channel(0), channel(8), channel(4)]
    .map((value) => value.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase()}`;
}

/** Starting points for streamers who don't have colours yet. */
export const palettePresets: { name: string; primary: string[]; accent: string[] }[] = [
  { name: 'Twitch Royal', primary: ['#9146FF', '#1F1147'], accent: ['#FFD166'] },
  { name: 'Neon Arcade', primary: ['#00F0FF', '#0B0A1A'], accent: ['#FF2E97', '#FAFF00'] },
  { name: 'Sunset Cozy', primary: ['#FF7A59', '#2D1E2F'], accent: ['#FFC857', '#F25F5C'] },
  { name: 'Mint Chill', primary: ['#3DDC97', '#102A2B'], accent: ['#F6F7EB', '#46B1C9'] },
  { name: 'Crimson Esports', primary: ['#E63946', '#14141F'], accent: ['#F1FAEE', '#A8DADC'] },
];
