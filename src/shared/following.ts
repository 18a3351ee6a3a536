import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { subscriptionsContext, type Subscriptions } from '../context.js';

type Host = ReactiveControllerHost & HTMLElement;

/**
 * Keeps the numbers its host shows followed while the host is in the page:
 * `new FollowController(this, () => numbers)`, asked after each render.
 * The provider counts who needs each number, so a number two elements show
 * stays followed until both let it go.
 */
export class FollowController implements ReactiveController {
  #subscriptions: ContextConsumer<typeof subscriptionsContext, Host>;
  #held = new Map<string, () => void>();
  #from?: Subscriptions;
  #wantedKey?: string;

  constructor(
    private readonly host: Host,
    private readonly wanted: () => readonly string[],
  ) {
    this.#subscriptions = new ContextConsumer(host, { context: subscriptionsContext, subscribe: true });
    host.addController(this);
  }

  hostConnected(): void {
    this.host.requestUpdate();
  }

  hostUpdated(): void {
    // An update already asked for may run after the host left the page:
    // taking its numbers again then would keep them followed for good.
    if (!this.host.isConnected) return;
    const subscriptions = this.#subscriptions.value;
    const wanted = this.wanted();
    const key = wanted.join();
    if (subscriptions === this.#from && key === this.#wantedKey) return;
    if (subscriptions !== this.#from) this.#releaseAll();
    this.#from = subscriptions;
    this.#wantedKey = key;
    if (!subscriptions) return;
    const keep = new Set(wanted);
    for (const [number, release] of this.#held) {
      if (keep.has(number)) continue;
      release();
      this.#held.delete(number);
    }
    for (const number of keep) if (!this.#held.has(number)) this.#held.set(number, subscriptions.need(number));
  }

  hostDisconnected(): void {
    this.#releaseAll();
  }

  #releaseAll(): void {
    for (const release of this.#held.values()) release();
    this.#held.clear();
    this.#from = undefined;
    this.#wantedKey = undefined;
  }
}
