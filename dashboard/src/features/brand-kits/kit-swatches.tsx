import type { BrandKit } from '../../api/types';

/** The kit's colours as a strip of swatches (primary first, then accents). */
export function KitSwatches({
  kit,
  large = false,
}: {
  kit: Pick<BrandKit, 'primaryColors' | 'accentColors'>;
  large?: boolean;
}) {
  const colors = [...kit.primaryColors, ...kit.accentColors].slice(0, 8);
  return (
    <div
      class={`kit-swatches ${large ? 'is-large' : ''}`}
      aria-label={colors.length ? `Colours: ${colors.join(', ')}` : 'No colours yet'}
      role="img"
    >
      {colors.length === 0 ? (
        <span class="swatch swatch-empty" />
      ) : (
        colors.map((color, index) => <span key={index} class="swatch" style={{ background: color }} />)
      )}
    </div>
  );
}
