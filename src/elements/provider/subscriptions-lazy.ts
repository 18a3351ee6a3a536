import type { Following, Subscriptions } from '../../context.js';
import type { CTI } from '../../sdk/index.js';
import { loadSubscriptions } from '../../shared/chunks.js';
import type { SubscriptionRegistry, SubscriptionsHost } from './subscriptions.js';

const NONE: ReadonlyMap<string, Following> = new Map();

/**
 * The provider's subscriptions, with the registry that counts who needs
 * which number (subscriptions.ts) in a chunk: a softphone follows nobody.
 * It loads at the first `need()`, or the page's first `subscribe` or
 * `unsubscribe` through the SDK. Until then this keeps what the registry
 * starts from, the service's last list and whether it was heard on this
 * connection, and answers as the registry would with nobody needing
 * anything; what the session says while the chunk comes is said to the
 * registry, in order, once it is there. A chunk that cannot load is asked
 * for again by the next need or the next connection: the needs wait.
 */
export class LazySubscriptions implements Subscriptions {
  #registry?: SubscriptionRegistry;
  #loading?: Promise<SubscriptionRegistry>;
  #session?: CTI;
  #known = false;
  #subscribed: readonly string[] = [];
  /** What the session said while the registry loads. */
  #heard: ((registry: SubscriptionRegistry) => void)[] = [];
  /** The needs waiting for the registry. */
  #waiting = new Set<(registry: SubscriptionRegistry) => void>();

  /** `load`: the registry's chunk (another source in tests). */
  constructor(
    private readonly host: SubscriptionsHost,
    private readonly load = loadSubscriptions,
  ) {}

  get following(): ReadonlyMap<string, Following> {
    return this.#registry?.following ?? NONE;
  }

  need(number: string): () => void {
    if (this.#registry) return this.#registry.need(number);
    let release: (() => void) | undefined;
    const need = (registry: SubscriptionRegistry) => (release = registry.need(number));
    this.#waiting.add(need);
    void this.#load();
    return () => {
      this.#waiting.delete(need);
      release?.();
    };
  }

  /** The SDK's `keep_subscribed`. */
  needs(number: string): boolean {
    return this.#registry ? this.#registry.needs(number) : number === this.#session?.number;
  }

  attach(session: CTI): void {
    if (this.#registry) return this.#registry.attach(session);
    this.#session = session;
    this.#known = false;
    this.#subscribed = [];
    this.#heard = [];
    session.on('state', (state) => {
      if (this.#registry || session !== this.#session) return;
      if (this.#loading) this.#heard.push((registry) => registry.heardState(session, state));
      else if (state.status !== 'connected') this.#known = false;
      else if (this.#waiting.size) void this.#load(); // it could not load before
    });
    session.on('subscriptions', (event) => {
      if (this.#registry || session !== this.#session) return;
      if (this.#loading || !('numbers' in event)) {
        this.#heard.push((registry) => registry.heard(session, event));
        void this.#load();
        return;
      }
      this.#known = true;
      this.#subscribed = Object.freeze([...event.numbers]);
      this.host.changed();
    });
  }

  subscribed(): readonly string[] {
    return this.#registry?.subscribed() ?? this.#subscribed;
  }

  /** The registry, from what was heard and the needs waiting; a chunk that
   * cannot load is asked for again (the page's own commands still work). */
  #load(): Promise<SubscriptionRegistry> {
    return (this.#loading ??= this.load().then(
      ({ SubscriptionRegistry }) => {
        const registry = new SubscriptionRegistry(this.host);
        if (this.#session) registry.attach(this.#session, this.#known, this.#subscribed);
        for (const heard of this.#heard) heard(registry);
        this.#heard = [];
        for (const need of this.#waiting) need(registry);
        this.#waiting.clear();
        this.host.changed();
        return (this.#registry = registry);
      },
      (error) => {
        this.#loading = undefined;
        throw error;
      },
    ));
  }
}
