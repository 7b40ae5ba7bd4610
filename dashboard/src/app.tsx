import type { ComponentType } from 'preact';
import { useEffect } from 'preact/hooks';
import { restoreSession, useSession } from './api/session';
import { matchPath, navigate, useLocation } from './lib/router';
import { trackPage } from './lib/analytics';
import { ToastRegion } from './ui/toasts';
import { AppShell } from './features/shell/app-shell';
import { SignInPage, nextPath } from './features/auth/sign-in-page';
import { SignUpPage } from './features/auth/sign-up-page';
import { ForgotPasswordPage, ResetPasswordPage } from './features/auth/password-reset-pages';
import { EmailVerifiedPage, LoginUnlockedPage, OAuthCompletePage } from './features/auth/link-result-pages';
import { HomePage } from './features/home/home-page';
import { BrandKitsPage } from './features/brand-kits/brand-kits-page';
import { BrandKitEditorPage } from './features/brand-kits/brand-kit-editor-page';
import { CreatePage } from './features/create/create-page';
import { AssetsPage } from './features/assets/assets-page';
import { CoachPage } from './features/coach/coach-page';
import { LivePage } from './features/live/live-page';
import { SettingsPage } from './features/settings/settings-page';
import { BotPage } from './features/live/bot/bot-page';
import { AnalyticsPage } from './features/admin/analytics-page';
import { NotFoundPage } from './features/shell/not-found-page';

/** `guest`: signed-out only; `public`: anyone; `user`: signed in; `admin`: role admin. */
type Access = 'guest' | 'public' | 'user' | 'admin';

interface Route {
  path: string;
  access: Access;
  component: ComponentType<{ params: Record<string, string> }>;
}

const routes: Route[] = [
  { path: '/login', access: 'guest', component: SignInPage },
  { path: '/signup', access: 'guest', component: SignUpPage },
  { path: '/forgot-password', access: 'guest', component: ForgotPasswordPage },
  { path: '/reset-password', access: 'public', component: ResetPasswordPage },
  { path: '/auth/email-verified', access: 'public', component: EmailVerifiedPage },
  { path: '/auth/login-unlocked', access: 'public', component: LoginUnlockedPage },
  { path: '/auth/oauth/complete', access: 'public', component: OAuthCompletePage },
  { path: '/', access: 'user', component: HomePage },
  { path: '/create', access: 'user', component: CreatePage },
  { path: '/assets', access: 'user', component: AssetsPage },
  { path: '/brand-kits', access: 'user', component: BrandKitsPage },
  { path: '/brand-kits/new', access: 'user', component: BrandKitEditorPage },
  { path: '/brand-kits/:id', access: 'user', component: BrandKitEditorPage },
  { path: '/coach', access: 'user', component: CoachPage },
  { path: '/live', access: 'user', component: LivePage },
  { path: '/settings', access: 'user', component: SettingsPage },
  { path: '/live/bot', access: 'user', component: BotPage },
  { path: '/admin/analytics', access: 'admin', component: AnalyticsPage },
];

function resolve(path: string): { route: Route | null; params: Record<string, string> } {
  for (const route of routes) {
    const params = matchPath(route.path, path);
    if (params) {
      return { route, params };
    }
  }
  return { route: null, params: {} };
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

function Splash() {
  return (
    <div class="splash" role="status" aria-label="Loading AuraStream">
      <img src="/favicon.svg" alt="" width={56} height={56} class="splash-logo" />
    </div>
  );
}

export function App() {
  const state = useSession();
  const location = useLocation();
  const { route, params } = resolve(location.path);

  useEffect(() => {
    void restoreSession();
  }, []);

  useEffect(() => {
    if (state.status !== 'restoring') {
      trackPage(route ? route.path : '/404');
    }
  }, [location.path, state.status === 'restoring']);

  if (state.status === 'restoring') {
    return <Splash />;
  }
  const signedIn = state.status === 'signed_in';
  let page;
  if (!route) {
    page = signedIn ? (
      <AppShell>
        <NotFoundPage />
      </AppShell>
    ) : (
      <main id="main">
        <NotFoundPage />
      </main>
    );
  } else if (route.access === 'guest' && signedIn) {
    page = <Redirect to={nextPath(location.query)} />;
  } else if ((route.access === 'user' || route.access === 'admin') && !signedIn) {
    const here = location.path + (location.query.toString() ? `?${location.query.toString()}` : '');
    // after an expired session, come back here; after signing out on purpose, start fresh
    const comeBack =
      here !== '/' && state.status === 'signed_out' && state.reason !== 'signed_out' && state.reason !== 'deleted';
    page = <Redirect to={comeBack ? `/login?next=${encodeURIComponent(here)}` : '/login'} />;
  } else if (route.access === 'admin' && state.user?.role !== 'admin') {
    page = (
      <AppShell>
        <NotFoundPage />
      </AppShell>
    );
  } else if (route.access === 'user' || route.access === 'admin') {
    const Page = route.component;
    page = (
      <AppShell>
        <Page params={params} />
      </AppShell>
    );
  } else {
    const Page = route.component;
    page = <Page params={params} />;
  }
  return (
    <>
      {page}
      <ToastRegion />
    </>
  );
}
