import { designCount } from './format';

interface PanelHeaderProps {
  name: string;
  /** What the view below shows, above the streamer's name. */
  eyebrow: string;
  total: number;
  swatches: string[];
  language: string;
}

/** The streamer's name over a glow of their brand colours, with how many designs they share. */
export function PanelHeader({ name, eyebrow, total, swatches, language }: PanelHeaderProps) {
  return (
    <header class="panel-header">
      <div class="panel-header__aura" aria-hidden="true" />
      <div class="panel-header__text">
        <p class="panel-header__eyebrow">{eyebrow}</p>
        <h1 class="panel-header__title" title={name}>
          {name}
        </h1>
      </div>
      <div class="panel-header__meta">
        {swatches.length > 0 && (
          <span class="swatches" role="img" aria-label={`Brand colours: ${swatches.join(', ')}`}>
            {swatches.map((color) => (
              <span key={color} class="swatches__dot" style={{ background: color }} />
            ))}
          </span>
        )}
        <span class="panel-header__count">{designCount(total, language)}</span>
      </div>
    </header>
  );
}
