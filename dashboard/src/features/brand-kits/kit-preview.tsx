/** A live mock-up of the kit on a panel and an emote, so colour choices are judged in context. */
export function KitPreview({
  name,
  primary,
  accent,
  headline,
  logoUrl,
}: {
  name: string;
  primary: string[];
  accent: string[];
  headline: string;
  logoUrl: string | null;
}) {
  const valid = (color: string | undefined, fallback: string) =>
    color && /^#[0-9a-fA-F]{6}$/.test(color) ? color : fallback;
  const base = valid(primary[0], '#9146FF');
  const deep = valid(primary[1], '#120E24');
  const pop = valid(accent[0], '#FFD166');
  const initials = (name.trim() || 'Aura').slice(0, 2).toUpperCase();
  return (
    <div class="kit-preview" aria-label="Preview of the kit">
      <p class="eyebrow">Live preview</p>
      <div class="preview-panel" style={{ background: `linear-gradient(135deg, ${base}, ${deep})` }}>
        <span
          class="preview-panel-title"
          style={{ color: pop, fontFamily: headline.trim() ? `"${headline.trim()}", var(--font-display)` : undefined }}
        >
          {name.trim() || 'Your channel'}
        </span>
        <span class="preview-panel-text">About me · Schedule · Rules</span>
      </div>
      <div class="preview-row">
        <div class="preview-emote" style={{ background: `radial-gradient(circle at 30% 30%, ${pop}, ${base})` }}>
          {logoUrl ? <img src={logoUrl} alt="" /> : <span style={{ color: deep }}>{initials}</span>}
        </div>
        <div class="preview-badge" style={{ background: base, borderColor: pop }}>
          <span style={{ color: pop }}>★</span>
        </div>
        <div class="preview-button" style={{ background: pop, color: deep }}>
          FOLLOW
        </div>
      </div>
    </div>
  );
}
