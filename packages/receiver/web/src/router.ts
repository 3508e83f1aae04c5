/**
 * History-API routing: every view has a real URL (/search?…, /trace/<id>, /map), so links open in
 * a new tab and the server answers index.html for each. A view may return a cleanup (its polling).
 */
export type Cleanup = () => void;
export type View = (root: HTMLElement, url: URL) => Cleanup | void | Promise<Cleanup | void>;
export interface Route {
  pattern: RegExp;
  view: (match: RegExpExecArray) => View;
  /** Which top navigation link is current. */
  nav?: string;
}

let goTo: ((href: string) => void) | undefined;

/** Shows `href` as if its link was followed (a form's search, a row's Space key). */
export function navigate(href: string): void {
  goTo?.(href);
}

export function startRouter(root: HTMLElement, routes: Route[]): void {
  let cleanup: Cleanup | void;
  let rendering = 0;

  async function render(): Promise<void> {
    const url = new URL(location.href);
    cleanup?.();
    cleanup = undefined;
    const turn = ++rendering;
    for (const route of routes) {
      const match = route.pattern.exec(url.pathname);
      if (!match) continue;
      for (const link of document.querySelectorAll<HTMLElement>('[data-nav]')) {
        if (link.dataset.nav === route.nav) link.setAttribute('aria-current', 'page');
        else link.removeAttribute('aria-current');
      }
      root.replaceChildren();
      const done = await route.view(match)(root, url);
      // A later navigation already replaced this view: stop what it started.
      if (turn !== rendering) done?.();
      else cleanup = done;
      return;
    }
  }

  function go(href: string): void {
    const target = new URL(href, location.href);
    if (target.href === location.href) return void render();
    history.pushState(null, '', target);
    void render().then(() => root.focus({ preventScroll: true }));
    window.scrollTo(0, 0);
  }

  // Same-origin links are handled here; modified clicks (new tab, new window) are left to the browser.
  // Attributes, not properties: an SVG <a> (graph and map nodes) has no string href or target.
  document.addEventListener('click', (event) => {
    const link = (event.target as Element).closest?.('a');
    const href = link?.getAttribute('href');
    if (!link || !href || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const target = new URL(href, location.href);
    if (target.origin !== location.origin || target.pathname.startsWith('/api/') || link.hasAttribute('target')) return;
    event.preventDefault();
    go(target.href);
  });
  window.addEventListener('popstate', () => void render());
  goTo = go;
  void render();
}
