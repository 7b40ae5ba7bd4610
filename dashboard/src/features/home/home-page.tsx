import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client';
import type { Asset } from '../../api/types';
import { reloadUser, useUser } from '../../api/session';
import { formatNumber, tierName } from '../../lib/format';
import { ButtonLink } from '../../ui/button';
import { Icon, type IconName } from '../../ui/icons';
import { Link, navigate } from '../../lib/router';
import { PageHeader } from '../../ui/page';
import { AssetGridSkeleton, BrandKitCardSkeleton } from '../../ui/skeletons';
import { EmptyState } from '../../ui/empty-state';
import { reportError } from '../upgrade/upgrade-prompt';
import { loadBrandKits, useBrandKits } from '../brand-kits/brand-kit-store';
import { KitSwatches } from '../brand-kits/kit-swatches';
import { AssetCard } from '../assets/asset-card';
import { groupDesigns } from '../assets/designs';
import { usePlans } from '../upgrade/plans';

function greeting(): string {
  const hour = new Date().getHours();
  return hour < 5 ? 'Late-night stream' : hour < 12 ? 'Good morning' : hour < 18 ? 'Good afternoon' : 'Good evening';
}

const quickStarts: { type: string; label: string; hint: string; icon: IconName; href: string }[] = [
  { type: 'emote', label: 'Emote', hint: '112 · 56 · 28 px', icon: 'sparkles', href: '/create?type=emote' },
  { type: 'badge', label: 'Sub badge', hint: '72 · 36 · 18 px', icon: 'star', href: '/create?type=badge' },
  { type: 'panel', label: 'Panel', hint: '320 px wide', icon: 'images', href: '/create?type=panel' },
  {
    type: 'offline_screen',
    label: 'Offline screen',
    hint: '1920 × 1080',
    icon: 'eyeOff',
    href: '/create?type=offline_screen',
  },
  {
    type: 'starting_soon',
    label: 'Starting soon',
    hint: 'Stream scene',
    icon: 'zap',
    href: '/create?type=starting_soon',
  },
  { type: 'pack', label: 'Starter pack', hint: '5 assets, one click', icon: 'package', href: '/create?mode=pack' },
];

export function HomePage() {
  const user = useUser();
  const kits = useBrandKits();
  const [recent, setRecent] = useState<Asset[] | null>(null);
  // whether the plan includes the coach is the service's to say
  const [coachAccess, setCoachAccess] = useState<boolean | null>(null);

  useEffect(() => {
    void loadBrandKits();
    void reloadUser();
    api.coach.access().then(
      (access) => setCoachAccess(access.coachAccess),
      () => setCoachAccess(false),
    );
    api.assets.list({ query: { limit: 24 } }).then(
      (page) => setRecent(page.assets),
      (error: unknown) => {
        setRecent([]);
        reportError(error);
      },
    );
  }, []);

  const plans = usePlans();
  // the plan's monthly allowance, as the service enforces it (deleted designs still count against it)
  const monthlyLimit = plans?.plans.find((plan) => plan.tier === user.subscriptionTier)?.monthlyAssets ?? null;
  const activeKit = kits.kits.find((kit) => kit.isActive) ?? null;
  const designs = recent ? groupDesigns(recent).slice(0, 8) : null;
  const firstName = user.displayName.split(' ')[0] ?? user.displayName;

  return (
    <div class="page">
      <PageHeader
        eyebrow={greeting()}
        title={`Hey ${firstName}, ready to glow up your channel?`}
        actions={
          <ButtonLink href="/create" variant="primary" icon="sparkles">
            New asset <kbd class="kbd-inline">N</kbd>
          </ButtonLink>
        }
      />

      <div class="stat-grid">
        <div class="stat-card stat-accent">
          <span class="stat-label">Made this month</span>
          <span class="stat-value">{formatNumber(user.assetsGeneratedThisMonth)}</span>
          <span class="stat-foot">
            {monthlyLimit === null
              ? 'Designs · resets on the 1st'
              : `of ${formatNumber(monthlyLimit)} designs · resets on the 1st`}
          </span>
        </div>
        <div class="stat-card">
          <span class="stat-label">Brand kits</span>
          <span class="stat-value">{kits.status === 'ready' ? kits.kits.length : '–'}</span>
          <Link class="stat-foot" href="/brand-kits">
            Manage kits
          </Link>
        </div>
        <div class="stat-card">
          <span class="stat-label">Plan</span>
          <span class="stat-value">{tierName(user.subscriptionTier)}</span>
          <Link class="stat-foot" href="/settings#plan">
            {user.subscriptionTier === 'studio' ? 'Everything unlocked' : 'See what’s next'}
          </Link>
        </div>
        <div class="stat-card">
          <span class="stat-label">Prompt Coach</span>
          <span class="stat-value stat-value-sm">{coachAccess === null ? '–' : coachAccess ? 'Ready' : 'Tips'}</span>
          <Link class="stat-foot" href="/coach">
            {coachAccess ? 'Start a session' : 'Browse prompt tips'}
          </Link>
        </div>
      </div>

      <div class="home-grid">
        <section class="card">
          <header class="card-header">
            <h2 class="card-title">Quick start</h2>
          </header>
          <div class="quick-grid">
            {quickStarts.map((item) => (
              <Link key={item.type} href={item.href} class="quick-tile">
                <span class="quick-icon">
                  <Icon name={item.icon} size={22} />
                </span>
                <span class="quick-label">{item.label}</span>
                <span class="quick-hint">{item.hint}</span>
              </Link>
            ))}
          </div>
        </section>

        <section class="card">
          <header class="card-header">
            <h2 class="card-title">Active brand kit</h2>
            <Link href="/brand-kits" class="small-link">
              All kits
            </Link>
          </header>
          {kits.status !== 'ready' ? (
            <BrandKitCardSkeleton count={1} />
          ) : activeKit ? (
            <Link href={`/brand-kits/${activeKit.id}`} class="active-kit">
              <KitSwatches kit={activeKit} large />
              <span class="active-kit-row">
                {activeKit.logoUrl && <img class="active-kit-logo" src={activeKit.logoUrl} alt="" />}
                <span class="stack-sm">
                  <span class="active-kit-name">{activeKit.name}</span>
                  <span class="muted active-kit-meta">
                    {activeKit.tone} · {activeKit.fonts.headline ?? 'Default fonts'}
                  </span>
                </span>
              </span>
            </Link>
          ) : (
            <EmptyState
              icon="palette"
              title="No brand kit yet"
              actions={
                <ButtonLink href="/brand-kits/new" variant="primary" icon="plus">
                  Create a brand kit
                </ButtonLink>
              }
            >
              Add your colours and logo once; every asset picks them up.
            </EmptyState>
          )}
        </section>
      </div>

      <section class="section">
        <header class="section-header">
          <h2 class="section-title">Recent creations</h2>
          <Link href="/assets" class="small-link">
            Open library <Icon name="chevronRight" size={14} />
          </Link>
        </header>
        {designs === null ? (
          <AssetGridSkeleton count={4} />
        ) : designs.length === 0 ? (
          <EmptyState
            icon="sparkles"
            title="Your first emote is one prompt away"
            actions={
              <ButtonLink href="/create?type=emote" variant="primary" icon="sparkles">
                Make an emote
              </ButtonLink>
            }
          >
            Describe it in your own words, like “a hype cat with sunglasses yelling GG”, and pick the best of the
            variations.
          </EmptyState>
        ) : (
          <div class="asset-grid">
            {designs.map((design) => (
              <AssetCard
                key={design.key}
                design={design}
                onOpen={() => navigate(`/assets?open=${design.preview.id}`)}
              />
            ))}
          </div>
        )}
      </section>
    </div>
  );
}
