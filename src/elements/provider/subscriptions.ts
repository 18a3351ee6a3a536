import type { Following, Subscriptions } from '../../context.js';
import type { ConnectionState, CTI, CTIEvents, CtiError } from '../../sdk/index.js';

export type SubscriptionsEvent = Parameters<CTIEvents['subscriptions']>[0];

const PENDING: Following = Object.freeze({ status: 'pending' });
const FOLLOWED: Following = Object.freeze({ status: 'followed' });
/** Failures that say nothing of the number: the next connection tries again. */
const LOST = new Set(['not_connected', 'connection_closed', 'timeout']);

export interface SubscriptionsHost {
  /** What the elements show changed. */
  changed(): void;
  /** A number is needed: its local form and its contact are worth knowing. */
  noticed(number: string): void;
}

/**
 * Who needs which number followed, and the session's subscriptions kept to
 * match. The elements (line boards, the call park, lists of one line) and
 * the page, through the SDK's own `subscribe` and `unsubscribe`, each
 * count: a number is subscribed when the first needs it and unsubscribed
 * when the last lets it go. The session's own line is always followed.
 *
 * Everything it knows of the session comes from the SDK's `subscriptions`
 * event: the service's list, read back on each connection just after the
 * session is said connected, is where it starts from (what is needed and
 * missing is subscribed, what is there already is followed at once; with a
 * connection shared between tabs it is subscribed all the same, answered
 * by the tab holding the socket, so that the tabs count it as this page's
 * need too); each `subscribe` or `unsubscribe` that succeeded, the page's
 * included, follows. The page's `unsubscribe` of a number an element
 * still needs leaves it subscribed (the SDK asks `needs`). Numbers on the
 * service that nobody here ever needed are left alone: another tab sharing
 * the session may need them, and they end with the session.
 *
 * One command at a time per number, in the order asked; a number the
 * service refused says so (`following`) until the next connection asks
 * again. `following` is a new Map whenever it changed, and `subscribed()`
 * a new array: a published state never changes under its reader.
 *
 * A chunk, loaded at the first need: `LazySubscriptions` stands for it
 * until then, and hands it what the session said.
 */
export class SubscriptionRegistry implements Subscriptions {
  /** Where each needed number stands, for the elements. */
  following: ReadonlyMap<string, Following> = new Map();
  #subscribed = new Set<string>();
  /** How many elements need each number. */
  #needs = new Map<string, number>();
  /** Numbers the page subscribed to through the SDK. */
  #page = new Set<string>();
  /** Subscriptions this page made: unsubscribed when nobody needs them. */
  #ours = new Set<string>();
  #refused = new Map<string, Following>();
  /** Numbers whose last command failed: left until the next connection. */
  #failed = new Set<string>();
  /** The command on its way for each number. */
  #sending = new Map<string, Promise<unknown>>();
  #session?: CTI;
  /** The service's list is known on this connection. */
  #known = false;

  constructor(private readonly host: SubscriptionsHost) {}

  need(number: string): () => void {
    const count = this.#needs.get(number) ?? 0;
    this.#needs.set(number, count + 1);
    if (count === 0) {
      if (number !== 'callpark') this.host.noticed(number);
      this.#sync(number);
    }
    let needed = true;
    return () => {
      if (!needed) return;
      needed = false;
      const left = this.#needs.get(number)! - 1;
      if (left > 0) return void this.#needs.set(number, left);
      this.#needs.delete(number);
      this.#sync(number);
      this.host.changed();
    };
  }

  /** Whether an element needs `number`, or it is the session's own line
   * (the SDK's `keep_subscribed`: the page's `unsubscribe` leaves it). */
  needs(number: string): boolean {
    return this.#needs.has(number) || number === this.#session?.number;
  }

  /** A new session: its subscriptions are heard from now on, and nothing
   * is sent before its list is known; or one whose list `subscribed` was
   * heard already (`known`: on this connection). */
  attach(session: CTI, known = false, subscribed: readonly string[] = []): void {
    this.#session = session;
    this.#known = known;
    this.#ours.clear();
    this.#subscribed = new Set(subscribed);
    session.on('state', (state) => this.heardState(session, state));
    session.on('subscriptions', (event) => this.heard(session, event));
  }

  /** The session's connection changed. */
  heardState(session: CTI, { status }: ConnectionState): void {
    if (status !== 'connected' && session === this.#session) this.#known = false;
  }

  /** What the session said of its subscriptions. */
  heard(session: CTI, event: SubscriptionsEvent): void {
    if (session !== this.#session) return;
    if ('numbers' in event) {
      // The service's list, read back on each connection: start from it.
      this.#known = true;
      this.#failed.clear();
      this.#refused.clear();
      this.#subscribed = new Set(event.numbers);
      if (!session.sharing) for (const number of event.numbers) if (this.#needed(number)) this.#ours.add(number);
    } else if (!this.#sending.has(event.number)) {
      // The page's own (this registry's are counted when their reply comes).
      const { number, subscribed } = event;
      this.#page[subscribed ? 'add' : 'delete'](number);
      // An element's need keeps it subscribed (the SDK's keep_subscribed).
      if (subscribed || !this.needs(number)) this.#changeSubscribed(number, subscribed);
    }
    for (const number of new Set([...this.#needs.keys(), ...this.#page, ...this.#ours, ...this.following.keys()])) this.#sync(number);
    this.host.changed();
  }

  /** What the session follows, as the service last said: a new array each time. */
  subscribed(): readonly string[] {
    return Object.freeze([...this.#subscribed]);
  }

  /** A number subscribed or not, by this page: it is ours to let go of. */
  #changeSubscribed(number: string, subscribed: boolean): void {
    this.#ours[subscribed ? 'add' : 'delete'](number);
    this.#subscribed[subscribed ? 'add' : 'delete'](number);
  }

  #needed(number: string): boolean {
    return this.#needs.has(number) || this.#page.has(number);
  }

  /** Shows where a number stands, and sends what it lacks. */
  #sync(number: string): void {
    const session = this.#session;
    const own = number === session?.number;
    const needed = this.#needed(number);
    const subscribed = this.#subscribed.has(number);
    this.#show(number, needed ? (own || subscribed ? FOLLOWED : (this.#refused.get(number) ?? PENDING)) : undefined);
    if (!this.#known || !session?.connected || own || this.#sending.has(number) || this.#failed.has(number)) return;
    if (needed !== (this.#ours.has(number) && subscribed)) this.#send(session, number, needed);
  }

  #show(number: string, following: Following | undefined): void {
    if (this.following.get(number) === following) return;
    const next = new Map(this.following);
    if (following) next.set(number, following);
    else next.delete(number);
    this.following = next;
  }

  /** One command on a number, after the one on its way. */
  #send(session: CTI, number: string, follow: boolean): void {
    const sent = (this.#sending.get(number) ?? Promise.resolve())
      .then(() => (follow ? session.subscribe(number) : session.unsubscribe(number)))
      .then(
        () => {
          this.#refused.delete(number);
          this.#changeSubscribed(number, follow);
        },
        (error: CtiError) => {
          this.#failed.add(number);
          if (follow && !LOST.has(error.error_code)) this.#refused.set(number, Object.freeze({ status: 'refused', error }));
        },
      )
      .finally(() => {
        if (this.#sending.get(number) === sent) this.#sending.delete(number);
        this.#sync(number);
        this.host.changed();
      });
    this.#sending.set(number, sent);
  }
}
