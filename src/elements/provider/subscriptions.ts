import type { Following, Subscriptions } from '../../context.js';
import type { Callback, CTI, CtiError } from '../../sdk/index.js';
import { subscribable } from '../../sdk/numbers.js';
import { run } from '../../sdk/settle.js';

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
 * The service keeps subscriptions in the session, so after a reconnection
 * or a reload its list (`get_subscriptions`, given to `reconcile`) is where
 * this starts from: what is needed and missing is subscribed, what is there
 * already is followed at once (with a connection shared between tabs, it is
 * subscribed all the same, answered by the tab holding the socket, so that
 * the tabs count it as this page's need too). Numbers on the
 * service that nobody here ever needed are left alone: another tab sharing
 * the session may need them, and they end with the session.
 *
 * One command at a time per number, in the order asked; a number the
 * service refused says so (`following`) until the next connection asks again.
 */
export class SubscriptionRegistry implements Subscriptions {
  /** Where each needed number stands, for the elements. */
  readonly following = new Map<string, Following>();
  /** How many elements need each number. */
  #needs = new Map<string, number>();
  /** Numbers the page subscribed to through the SDK. */
  #page = new Set<string>();
  /** What the session follows, as the service last said. */
  #subscribed = new Set<string>();
  /** Subscriptions this page needed: unsubscribed when nobody needs them. */
  #ours = new Set<string>();
  #refused = new Map<string, CtiError>();
  /** Numbers whose last command failed: left until the next connection. */
  #failed = new Set<string>();
  /** The command on its way for each number. */
  #sending = new Map<string, Promise<number>>();
  #session?: CTI;
  #wire?: (number: string, follow: boolean) => Promise<number>;
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

  /** What the session follows, as the service last said. */
  subscribed(): string[] {
    return [...this.#subscribed];
  }

  /** A new session: the page's `subscribe` and `unsubscribe` on it count
   * here, and nothing is sent before its list is known. */
  attach(session: CTI): void {
    const subscribe = session.subscribe.bind(session) as (number: string) => Promise<number>;
    const unsubscribe = session.unsubscribe.bind(session) as (number: string) => Promise<number>;
    this.#session = session;
    this.#wire = (number, follow) => (follow ? subscribe(number) : unsubscribe(number));
    this.#known = false;
    this.#subscribed.clear();
    session.on('disconnected', () => (this.#known = false));
    session.subscribe = ((number: string, callback?: Callback<number>) =>
      run(callback, () => {
        const target = subscribable(number);
        this.#page.add(target);
        return this.#send(target, true);
      })) as CTI['subscribe'];
    // The page lets a number go; while anything else needs it, it stays followed.
    session.unsubscribe = ((number: string, callback?: Callback<number>) =>
      run(callback, () => {
        const target = subscribable(number);
        this.#page.delete(target);
        if (!this.#needed(target) && target !== session.number) return this.#send(target, false);
        this.#sync(target);
        this.host.changed();
        return Promise.resolve(1);
      })) as CTI['unsubscribe'];
  }

  /** The service's list of the session's subscriptions, on each connection. */
  reconcile(numbers: readonly string[]): void {
    this.#known = true;
    this.#subscribed = new Set(numbers);
    this.#failed.clear();
    this.#refused.clear();
    if (!this.#session?.options.share_connection) for (const number of numbers) if (this.#needed(number)) this.#ours.add(number);
    for (const number of new Set([...this.#needs.keys(), ...this.#page, ...this.#ours])) this.#sync(number);
    this.host.changed();
  }

  #needed(number: string): boolean {
    return this.#needs.has(number) || this.#page.has(number);
  }

  /** Shows where a number stands, and sends what it lacks. */
  #sync(number: string): void {
    const session = this.#session;
    const own = number === session?.number;
    if (!this.#needed(number)) this.following.delete(number);
    else this.following.set(number, own || this.#subscribed.has(number) ? FOLLOWED : refusedAs(this.#refused.get(number)));
    if (!this.#known || !session?.connected || own || this.#sending.has(number) || this.#failed.has(number)) return;
    const needed = this.#needed(number);
    if (needed !== (this.#ours.has(number) && this.#subscribed.has(number))) this.#send(number, needed).catch(() => {});
  }

  /** One command on a number, after the one on its way. */
  #send(number: string, follow: boolean): Promise<number> {
    const before = this.#sending.get(number);
    const sent = (before ? before.catch(() => {}) : Promise.resolve())
      .then(() => this.#wire!(number, follow))
      .then(
        (result) => {
          if (follow) {
            this.#subscribed.add(number);
            this.#ours.add(number);
            this.#refused.delete(number);
          } else {
            this.#subscribed.delete(number);
            this.#ours.delete(number);
          }
          return result;
        },
        (error: CtiError) => {
          this.#failed.add(number);
          if (follow && !LOST.has(error.error_code)) this.#refused.set(number, error);
          throw error;
        },
      )
      .finally(() => {
        if (this.#sending.get(number) === sent) this.#sending.delete(number);
        this.#sync(number);
        this.host.changed();
      });
    this.#sending.set(number, sent);
    return sent;
  }
}

const refusedAs = (error: CtiError | undefined): Following => (error ? Object.freeze({ status: 'refused', error }) : PENDING);
