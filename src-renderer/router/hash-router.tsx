import {
  type AnchorHTMLAttributes,
  type MouseEvent,
  type ReactNode,
  useEffect,
  useRef,
  useSyncExternalStore,
} from 'react';

/**
 * A tiny hash router (#/archive/customers/12?page=2). Hash routes work the same from file://
 * in Electron and from the browser host, and need no server-side routes.
 */
export interface Route {
  /** Path without the leading '#', always starting with '/'. */
  path: string;
  segments: string[];
  query: URLSearchParams;
}

export const HOME_PATH = '/today';

function currentHash(): string {
  const raw = window.location.hash.replace(/^#/, '');
  return raw.startsWith('/') ? raw : HOME_PATH;
}

export function parseRoute(hash: string): Route {
  const [pathPart = '/', queryPart = ''] = hash.split('?', 2);
  const path = pathPart.startsWith('/') ? pathPart : `/${pathPart}`;
  return { path, segments: path.split('/').filter(Boolean), query: new URLSearchParams(queryPart) };
}

const listeners = new Set<() => void>();
let snapshot = '';

function emit(): void {
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (listeners.size === 1) window.addEventListener('hashchange', onHashChange);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) window.removeEventListener('hashchange', onHashChange);
  };
}

/**
 * A page with unsaved edits registers a blocker. It is asked before the route changes and
 * answers true to let the change happen (e.g. after the clerk confirmed discarding).
 */
type Blocker = () => Promise<boolean>;
const blockers: Blocker[] = [];
let lastAllowed = '';

async function allowed(): Promise<boolean> {
  for (const blocker of [...blockers].reverse()) {
    if (!(await blocker())) return false;
  }
  return true;
}

function onHashChange(): void {
  const next = currentHash();
  if (blockers.length > 0 && lastAllowed !== '' && next !== lastAllowed) {
    // Back/forward while a form is dirty: put the form's address back, then ask.
    const target = next;
    window.history.replaceState(null, '', `#${lastAllowed}`);
    void allowed().then((ok) => {
      if (ok) {
        blockers.length = 0;
        go(target, false);
      }
    });
    return;
  }
  lastAllowed = next;
  emit();
}

function go(path: string, replace: boolean): void {
  lastAllowed = path;
  if (replace) window.history.replaceState(null, '', `#${path}`);
  else window.history.pushState(null, '', `#${path}`);
  emit();
}

/** Goes to `path` (e.g. '/archive/customers/12'), asking any unsaved-edits blocker first. */
export async function navigate(path: string, options: { replace?: boolean; force?: boolean } = {}): Promise<boolean> {
  if (path === currentHash()) return true;
  if (!options.force && !(await allowed())) return false;
  go(path, options.replace ?? false);
  return true;
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(
    subscribe,
    () => {
      const h = currentHash();
      if (h !== snapshot) snapshot = h;
      return snapshot;
    },
    () => HOME_PATH,
  );
  if (lastAllowed === '') lastAllowed = hash;
  return parseRoute(hash);
}

/** Registers a blocker while `active`; `confirm` decides whether leaving is fine. */
export function useNavigationBlocker(active: boolean, confirm: () => Promise<boolean>): void {
  const confirmRef = useRef(confirm);
  confirmRef.current = confirm;
  useEffect(() => {
    if (!active) return;
    const blocker: Blocker = () => confirmRef.current();
    blockers.push(blocker);
    return () => {
      const i = blockers.indexOf(blocker);
      if (i >= 0) blockers.splice(i, 1);
    };
  }, [active]);
}

/** Builds `path?query` from a base path and the non-empty entries of `params`. */
export function withQuery(path: string, params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export function Link({
  to,
  children,
  ...rest
}: { to: string; children: ReactNode } & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'>) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    rest.onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    void navigate(to);
  };
  return (
    <a {...rest} href={`#${to}`} onClick={onClick}>
      {children}
    </a>
  );
}

/** For tests: forget blockers and the remembered address between renders. */
export function resetRouterForTests(): void {
  blockers.length = 0;
  lastAllowed = '';
  snapshot = '';
}
