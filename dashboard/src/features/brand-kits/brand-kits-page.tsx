import { useEffect } from 'preact/hooks';
import { useUser } from '../../api/session';
import type { BrandKit } from '../../api/types';
import { Link, navigate } from '../../lib/router';
import { formatRelativeTime, tierName } from '../../lib/format';
import { PageHeader } from '../../ui/page';
import { Button, ButtonLink, IconButton } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { BrandKitCardSkeleton } from '../../ui/skeletons';
import { Icon } from '../../ui/icons';
import { activateKit, deleteKit, loadBrandKits, useBrandKits } from './brand-kit-store';
import { KitSwatches } from './kit-swatches';

function KitCard({ kit }: { kit: BrandKit }) {
  const logo = kit.logoUrl;
  return (
    <article class={`kit-card ${kit.isActive ? 'is-active' : ''}`}>
      <div class="kit-card-top">
        <KitSwatches kit={kit} large />
        {logo ? <img class="kit-logo" src={logo} alt="" /> : null}
      </div>
      <h2 class="kit-name">
        {/* the link is named by what it shows (the whole card is its click target, see kits.css) */}
        <Link href={`/brand-kits/${kit.id}`} class="kit-card-link">
          <span class="sr-only">Edit </span>
          {kit.name}
        </Link>
      </h2>
      <p class="kit-meta">
        <span class="chip chip-muted">{kit.tone}</span>
        {kit.fonts.headline && <span class="chip chip-muted">{kit.fonts.headline}</span>}
        <span class="muted small">Edited {formatRelativeTime(kit.updatedAt)}</span>
      </p>
      <footer class="kit-card-actions">
        {kit.isActive ? (
          <span class="active-pill" aria-label="Active brand kit">
            <Icon name="check" size={14} /> Active
          </span>
        ) : (
          <Button size="sm" variant="secondary" onClick={() => void activateKit(kit.id)}>
            Make active
          </Button>
        )}
        <span class="grow" />
        <IconButton icon="trash" label={`Delete ${kit.name}`} size="sm" onClick={() => deleteKit(kit)} />
      </footer>
    </article>
  );
}

export function BrandKitsPage() {
  const user = useUser();
  const { status, kits } = useBrandKits();
  useEffect(() => {
    void loadBrandKits();
  }, []);

  return (
    <div class="page">
      <PageHeader
        title="Brand kits"
        description="Your colours, fonts, voice and logos. The active kit styles every asset unless you pick another."
        actions={
          <ButtonLink href="/brand-kits/new" variant="primary" icon="plus">
            New brand kit
          </ButtonLink>
        }
      />
      {status !== 'ready' ? (
        <BrandKitCardSkeleton />
      ) : kits.length === 0 ? (
        <EmptyState
          icon="palette"
          title="Give your channel a look"
          actions={
            <>
              <ButtonLink href="/brand-kits/new" variant="primary" icon="plus">
                Create your first kit
              </ButtonLink>
              <Button variant="ghost" onClick={() => navigate('/create')}>
                Skip: generate without one
              </Button>
            </>
          }
        >
          {user.subscriptionTier === 'free'
            ? 'Your Free plan includes a brand kit: add your colours and logo once, and every emote and panel matches.'
            : `Your ${tierName(user.subscriptionTier)} plan has room for several kits: one per game, series or collab.`}
        </EmptyState>
      ) : (
        <div class="kit-grid">
          {kits.map((kit) => (
            <KitCard key={kit.id} kit={kit} />
          ))}
        </div>
      )}
    </div>
  );
}
