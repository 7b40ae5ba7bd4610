import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Link, useLocation } from '../../lib/router';
import { useUser, signOut } from '../../api/session';
import { Icon, type IconName } from '../../ui/icons';
import { IconButton } from '../../ui/button';
import { tierName } from '../../lib/format';
import { flushAnalytics } from '../../lib/analytics';
import { Wordmark } from '../../ui/wordmark';
import { CommandPalette } from './command-palette';
import { ShortcutsModal } from './shortcuts-modal';
import { isMac, openPalette, openShortcuts, useGlobalShortcuts } from './shortcuts';
import { UpgradePrompt } from '../upgrade/upgrade-prompt';
import { OnboardingTour } from '../onboarding/onboarding-tour';
import { VerifyEmailBanner } from './verify-email-banner';
import { useTwitchNotices } from '../../lib/twitch-changes';
import { Celebration } from '../create/celebration';

interface NavItem {
  href: string;
  label: string;
  icon: IconName;
  tour?: string;
  /** Shown in the phone's bottom bar. */
  primary?: boolean;
}

const navItems: NavItem[] = [
  { href: '/', label: 'Home', icon: 'home', primary: true },
  { href: '/create', label: 'Create', icon: 'sparkles', tour: 'create', primary: true },
  { href: '/assets', label: 'Assets', icon: 'images', tour: 'assets', primary: true },
  { href: '/brand-kits', label: 'Brand kits', icon: 'palette', tour: 'brand-kits', primary: true },
  { href: '/live', label: 'Live', icon: 'zap' },
  { href: '/coach', label: 'Prompt Coach', icon: 'chat', tour: 'coach' },
  { href: '/live/bot', label: 'Chat bot', icon: 'zap' },
  { href: '/settings', label: 'Settings', icon: 'settings' },
];

function isCurrent(href: string, path: string): boolean {
  return href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`);
}

function NavLinks({ items, path, onNavigate }: { items: NavItem[]; path: string; onNavigate?: () => void }) {
  return (
    <>
      {items.map((item) => (
        <Link
          key={item.href}
          href={item.href}
          class={`nav-link ${isCurrent(item.href, path) ? 'is-current' : ''}`}
          aria-current={isCurrent(item.href, path) ? 'page' : undefined}
          data-tour={item.tour}
          onClick={onNavigate}
        >
          <Icon name={item.icon} size={20} />
          <span>{item.label}</span>
        </Link>
      ))}
    </>
  );
}

function UserMenu() {
  const user = useUser();
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!open) {
      return;
    }
    const close = (event: Event) => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !(event.target as Element).closest('.user-menu')) {
        setOpen(false);
      }
    };
    document.addEventListener('click', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('click', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);
  const initial = user.displayName.trim().charAt(0).toUpperCase() || '?';
  return (
    <div class="user-menu">
      <button
        type="button"
        class="user-button"
        aria-expanded={open}
        aria-haspopup="menu"
        onClick={() => setOpen(!open)}
      >
        {user.avatarUrl ? <img class="avatar" src={user.avatarUrl} alt="" /> : <span class="avatar">{initial}</span>}
        <span class="user-name">{user.displayName}</span>
        <span class={`tier-pill tier-${user.subscriptionTier}`}>{tierName(user.subscriptionTier)}</span>
      </button>
      {open && (
        <div class="menu" role="menu">
          <p class="menu-caption">{user.email}</p>
          <Link href="/settings" class="menu-item" role="menuitem" onClick={() => setOpen(false)}>
            <Icon name="user" size={16} /> Profile & settings
          </Link>
          <button type="button" class="menu-item" role="menuitem" onClick={() => (setOpen(false), openShortcuts())}>
            <Icon name="keyboard" size={16} /> Keyboard shortcuts
          </button>
          <button
            type="button"
            class="menu-item"
            role="menuitem"
            onClick={() => {
              setOpen(false);
              void flushAnalytics().finally(() => void signOut());
            }}
          >
            <Icon name="logout" size={16} /> Sign out
          </button>
        </div>
      )}
    </div>
  );
}

/** The signed-in frame: sidebar (bottom bar on phones), top bar, global overlays. */
export function AppShell({ children }: { children: ComponentChildren }) {
  const { path } = useLocation();
  const user = useUser();
  const [drawer, setDrawer] = useState(false);
  useGlobalShortcuts();
  useTwitchNotices();
  useEffect(() => setDrawer(false), [path]);
  const items =
    user.role === 'admin'
      ? [...navItems, { href: '/admin/analytics', label: 'Analytics', icon: 'chart' as const }]
      : navItems;

  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <aside class={`sidebar ${drawer ? 'is-open' : ''}`} aria-label="Main navigation">
        <Wordmark />
        <nav class="nav">
          <NavLinks items={items} path={path} onNavigate={() => setDrawer(false)} />
        </nav>
        <button type="button" class="sidebar-tip" onClick={openShortcuts}>
          <Icon name="keyboard" size={16} /> Press <kbd>?</kbd> for shortcuts
        </button>
      </aside>
      {drawer && <div class="drawer-backdrop" onClick={() => setDrawer(false)} aria-hidden="true" />}
      <div class="main-column">
        <header class="topbar">
          <IconButton icon="menu" label="Open navigation" class="only-mobile" onClick={() => setDrawer(true)} />
          <button type="button" class="search-trigger" onClick={openPalette} data-tour="palette">
            <Icon name="search" size={16} />
            <span>Search or jump to…</span>
            <kbd>{isMac ? '⌘' : 'Ctrl'} K</kbd>
          </button>
          <UserMenu />
        </header>
        <VerifyEmailBanner />
        <main id="main" class="content" tabIndex={-1}>
          {children}
        </main>
      </div>
      <nav class="bottom-bar" aria-label="Quick navigation">
        <NavLinks items={items.filter((item) => item.primary)} path={path} />
      </nav>
      <CommandPalette />
      <ShortcutsModal />
      <UpgradePrompt />
      <OnboardingTour />
      <Celebration />
    </div>
  );
}
