import type { ComponentChildren } from 'preact';
import { createStore, useStore } from './store';

/** The current location, as the app routes on it. */
export interface Location {
  path: string;
  query: URLSearchParams;
  hash: string;
}

function readLocation(): Location {
  return {
    path: window.location.pathname.replace(/\/+$/, '') || '/',
    query: new URLSearchParams(window.location.search),
    hash: window.location.hash.slice(1),
  };
}

const locationStore = createStore<Location>(readLocation());
window.addEventListener('popstate', () => locationStore.set(readLocation()));

export function useLocation(): Location {
  return useStore(locationStore);
}

export function currentLocation(): Location {
  return locationStore.get();
}

/** Client-side navigation; `replace` keeps the history entry (redirects). */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const current = window.location.pathname + window.location.search + window.location.hash;
  if (to !== current) {
    if (options.replace) {
      window.history.replaceState(null, '', to);
    } else {
      window.history.pushState(null, '', to);
    }
  }
  locationStore.set(readLocation());
  if (!options.replace && !to.includes('#')) {
    window.scrollTo({ top: 0 });
  }
}

/** Matches `/brand-kits/:id` against a path; returns the params or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const patternParts = pattern.split('/').filter(Boolean);
  const pathParts = path.split('/').filter(Boolean);
  if (patternParts.length !== pathParts.length) {
    return null;
  }
  const params: Record<string, string> = {};
  for (const [index, part] of patternParts.entries()) {
    const actual = pathParts[index] ?? '';
    if (part.startsWith(':')) {
      params[part.slice(1)] = decodeURIComponent(actual);
    } else if (part !== actual) {
      return null;
    }
  }
  return params;
}

/** What our links use of an anchor's attributes. */
export interface LinkProps {
  href: string;
  class?: string;
  children?: ComponentChildren;
  onClick?: (event: MouseEvent) => void;
  target?: '_self' | '_blank';
  rel?: string;
  title?: string;
  role?: 'menuitem';
  'aria-current'?: 'page';
  'aria-label'?: string;
  'data-tour'?: string;
}

/** An anchor that navigates without reloading (modifier-clicks still open a new tab). */
export function Link({ href, onClick, children, ...rest }: LinkProps) {
  return (
    <a
      {...rest}
      href={href}
      onClick={(event) => {
        onClick?.(event);
        if (
          event.defaultPrevented ||
          event.button !== 0 ||
          event.metaKey ||
          event.ctrlKey ||
          event.shiftKey ||
          event.altKey ||
          (rest.target && rest.target !== '_self')
        ) {
          return;
        }
        event.preventDefault();
        navigate(href);
      }}
    >
      {children}
    </a>
  );
}
