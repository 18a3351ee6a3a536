import type { NotifyMode } from '../../context.js';
import type { claimOnce } from './claim.js';

/** Notifications at once, at most: a flood of calls is not a flood of windows. */
const AT_ONCE = 5;

/** What a notification of a call ringing in says. */
export interface Ringing {
  readonly callref: string;
  readonly title: string;
  readonly body: string;
  readonly icon?: string;
}

/**
 * Desktop notifications of calls ringing in on the session's line: one per
 * call however many tabs are open (claimed once, by the tab the user used
 * last), closed when the call stops ringing anywhere. A
 * click focuses the page and hands the call to `chosen`. Without
 * permission, nothing shows: permission is asked from a user gesture
 * (the softphone's control), never from here.
 */
export class IncomingNotifier {
  /** Calls notified by this tab, and how to let go of each. */
  #shown = new Map<string, () => void>();

  /** `claim` is the provider's claimOnce (this module loads apart from it). */
  constructor(
    private readonly chosen: (callref: string) => void,
    private readonly claim: typeof claimOnce,
  ) {}

  /** A call rings in: notify it unless another tab does, or `mode` says the page is seen. */
  async ring(ringing: Ringing, mode: NotifyMode, leading: boolean): Promise<void> {
    if (!permitted() || (mode === 'hidden' && document.visibilityState === 'visible')) return;
    if (this.#shown.has(ringing.callref) || this.#shown.size >= AT_ONCE) return;
    const ended = new Promise<void>((resolve) => this.#shown.set(ringing.callref, resolve));
    // Unless it stopped ringing meanwhile.
    await this.claim(`keyyo-cti-notify-${ringing.callref}`, leading, () => this.#shown.has(ringing.callref) && this.#show(ringing, ended));
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
