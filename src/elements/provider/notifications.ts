import type { NotifyMode } from '../../context.js';

/** Notifications at once, at most: a flood of calls is not a flood of windows. */
const AT_ONCE = 5;

/** What a notification of a call ringing in says. */
export interface Ringing {
  readonly callref: string;
  readonly title: string;
  readonly body: string;
  readonly icon?: string;
}

/** When the user last used this tab (focus, a click, a key), ms since the epoch. */
let lastUsed = 0;
const markUsed = () => {
  if (document.visibilityState === 'visible') lastUsed = Date.now();
};

/**
 * How long this tab waits before it claims a call's notification: at once
 * when in front, else longer the longer ago it was used (300 ms to 1 s), so
 * that the tab the user used last claims first, with nothing shared
 * between tabs but the lock.
 */
function claimDelay(): number {
  if (document.hasFocus()) return 0;
  return 300 + Math.min(700, (Date.now() - lastUsed) / 1000);
}

/**
 * Desktop notifications of calls ringing in on the session's line: one per
 * call however many tabs are open (a Web Lock per call: the tab the user
 * used last asks first), closed when the call stops ringing anywhere. A
 * click focuses the page and hands the call to `chosen`. Without
 * permission, nothing shows: permission is asked from a user gesture
 * (the softphone's control), never from here.
 */
export class IncomingNotifier {
  /** Calls notified by this tab, and how to let go of each. */
  #shown = new Map<string, () => void>();

  constructor(private readonly chosen: (callref: string) => void) {}

  /** Starts noting which tab the user uses. */
  watch(on: boolean): void {
    const method = on ? 'addEventListener' : 'removeEventListener';
    for (const type of ['focus', 'pointerdown', 'keydown']) window[method](type, markUsed, true);
    document[method]('visibilitychange', markUsed);
    if (on) markUsed();
  }

  /** A call rings in: notify it unless another tab does, or `mode` says the page is seen. */
  async ring(ringing: Ringing, mode: NotifyMode): Promise<void> {
    if (!permitted() || (mode === 'hidden' && document.visibilityState === 'visible')) return;
    if (this.#shown.has(ringing.callref) || this.#shown.size >= AT_ONCE) return;
    const ended = new Promise<void>((resolve) => this.#shown.set(ringing.callref, resolve));
    const delay = claimDelay();
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    if (!this.#shown.has(ringing.callref)) return; // it stopped ringing meanwhile
    const show = () => this.#show(ringing, ended);
    if (!navigator.locks) return show();
    await navigator.locks.request(`keyyo-cti-notify-${ringing.callref}`, { ifAvailable: true }, (lock) => (lock ? show() : undefined));
  }

  /** The call stopped ringing (answered, rejected, ended, here or anywhere). */
  stop(callref: string): void {
    this.#shown.get(callref)?.();
    this.#shown.delete(callref);
  }

  /** Shows the notification until the call stops ringing. */
  async #show({ callref, title, body, icon }: Ringing, ended: Promise<void>): Promise<void> {
    const notification = new Notification(title, { body, tag: `keyyo-cti-${callref}`, requireInteraction: true, ...(icon ? { icon } : {}) });
    notification.addEventListener('click', () => {
      window.focus();
      this.chosen(callref);
      notification.close();
    });
    await ended;
    notification.close();
  }
}

function permitted(): boolean {
  return typeof Notification !== 'undefined' && Notification.permission === 'granted';
}
