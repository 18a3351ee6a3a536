import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Where phone links are taken over: inside the provider, or the whole document. */
export type ClickToCallScope = 'subtree' | 'document';

const PHONE_LINK = /^\s*(tel|callto):/i;

/**
 * Turns clicks on phone links into calls: `a[href^="tel:"]`,
 * `a[href^="callto:"]` and any element with `data-keyyo-dial`, found
 * through `composedPath()` so links inside open shadow roots count. A click
 * with a modifier key, another button, already handled by the page, or
 * made while `ready()` says no, is left to the browser (the system's phone
 * handler still works).
 */
export class ClickToCall implements ReactiveController {
  #scope?: ClickToCallScope;
  #listening?: EventTarget;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly ready: () => boolean,
    private readonly dial: (link: string) => void,
  ) {
    host.addController(this);
  }

  set scope(scope: ClickToCallScope | undefined) {
    this.#scope = scope;
    if (this.host.isConnected) this.hostConnected();
  }

  hostConnected(): void {
    this.hostDisconnected();
    this.#listening = this.#scope === 'document' ? document : this.#scope ? this.host : undefined;
    this.#listening?.addEventListener('click', this.#onClick);
  }

  hostDisconnected(): void {
    this.#listening?.removeEventListener('click', this.#onClick);
    this.#listening = undefined;
  }

  #onClick = (event: Event): void => {
    const click = event as MouseEvent;
    if (click.defaultPrevented || click.button !== 0 || click.ctrlKey || click.metaKey || click.shiftKey || click.altKey) return;
    const link = phoneLinkOf(click.composedPath());
    if (link === undefined || !this.ready()) return;
    click.preventDefault();
    this.dial(link);
  };
}

/** The number the innermost phone link of a click's path names. */
function phoneLinkOf(path: EventTarget[]): string | undefined {
  for (const target of path) {
    if (!(target instanceof Element)) continue;
    const dial = target.getAttribute('data-keyyo-dial');
    if (dial !== null) return dial;
    const href = target.localName === 'a' || target.localName === 'area' ? target.getAttribute('href') : null;
    // The innermost link decides: a web link inside a dialling row stays a web link.
    if (href !== null) return PHONE_LINK.test(href) ? href : undefined;
  }
  return undefined;
}
