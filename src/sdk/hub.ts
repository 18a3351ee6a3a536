// The leading tab's side of the shared connection (see shared.ts), in the
// tab group's chunk (tab-group.ts).
import { serverError } from './errors.js';
import type { Message } from './tab-group.js';
import { openTransport, type SockJSConstructor, type Transport } from './transport.js';

/** Where a command sent on the socket came from, and what it asked. */
interface Route {
  from: string;
  id: unknown;
  action: string;
  number?: string;
  session_id?: string;
  /** When it was sent (ms): a route unanswered past the timeout is forgotten. */
  at: number;
}

/**
 * The leader's socket, carrying every member's frames: each command goes
 * out under an id of the hub's and its reply goes back to the member that
 * sent it; call notifications go to every member. The session is the
 * leader's: a member asking to create or restore one gets it, with its
 * active calls (as the service re-sends them after a restore). A number
 * stays subscribed while any member needs it.
 */
export class Hub {
  #transport?: Transport;
  #opening?: Promise<void>;
  #nextId = 1;
  #routes = new Map<number, Route>();
  #timeout = 0;
  /** The leader's session. */
  #session?: { number: string; session_id: string; now: number; at: number };
  /** The session is open and its calls caught up: members may join. */
  #ready = false;
  /** Members who said hello before the session was ready. */
  #waiting = new Map<string, string[]>();
  /** Active calls, by call ref: their last notification. */
  #active = new Map<string, string>();
  /** Who needs each number followed, and what the session is known to follow. */
  #needs = new Map<string, Set<string>>();
  #subscribed = new Set<string>();

  constructor(
    private readonly self: string,
    private readonly post: (message: Message) => void,
    private readonly local: (text: string) => void,
    private readonly lost: () => void,
    subscriptions: string[],
  ) {
    for (const number of subscriptions) this.#need(number, self);
  }

  open(endpoint: string, timeout: number, SockJS?: SockJSConstructor): Promise<void> {
    this.#timeout = timeout;
    if (this.#transport) return Promise.resolve();
    const handlers = { message: (text: string) => this.#receive(text), alive: () => {}, close: () => this.#closed() };
    this.#opening ??= openTransport(endpoint, handlers, timeout, SockJS)
      .then((transport) => void (this.#transport = transport))
      .finally(() => (this.#opening = undefined));
    return this.#opening;
  }

  close(): void {
    this.#transport?.close();
  }

  hello(from: string, subscriptions: string[]): void {
    if (!this.#ready) return void this.#waiting.set(from, subscriptions);
    // A new leader learns what the members follow; a new session gets it.
    for (const number of subscriptions) {
      this.#need(number, from);
      if (!this.#subscribed.has(number)) this.#forward('hub', { action: 'subscribe', number });
    }
    this.post({ type: 'welcome', to: from });
  }

  bye(from: string): void {
    this.#waiting.delete(from);
    for (const [number, members] of this.#needs) {
      if (members.delete(from) && !members.size) this.#forward('hub', { action: 'unsubscribe', number });
    }
  }

  command(from: string, text: string): void {
    const command = parse(text);
    if (!command || !this.#transport) return;
    const { action, id, number } = command;
    if ((action === 'create_session' || action === 'restore_session') && from !== this.self) {
      if (this.#ready) this.#join(from, id);
      return;
    }
    if (action === 'subscribe' && this.#subscribed.has(number)) {
      this.#need(number, from);
      return this.#reply(from, { id, result: 1 });
    }
    const members = this.#needs.get(number);
    if (action === 'unsubscribe' && members) {
      members.delete(from);
      if (members.size) return this.#reply(from, { id, result: 1 });
    }
    this.#forward(from, command);
  }

  /** A member joins the session: its reply, then the active calls. */
  #join(member: string, id: unknown): void {
    const { number, session_id, now, at } = this.#session!;
    this.#reply(member, { id, result: { number, session_id, now: now + (Date.now() - at) / 1000 } });
    for (const text of this.#active.values()) this.post({ type: 'frame', to: member, text });
  }

  #forward(from: string, command: Record<string, any>): void {
    const id = this.#nextId++;
    const { action, number, session_id } = command;
    const now = Date.now();
    // Its sender gave up on a command unanswered this long (and closed its socket).
    for (const [old, route] of this.#routes) {
      if (now - route.at <= this.#timeout) break;
      this.#routes.delete(old);
    }
    this.#routes.set(id, { from, id: command.id, action, number, session_id, at: now });
    this.#transport?.send({ ...command, id });
  }

  #receive(text: string): void {
    const message = parse(text);
    if (message?.notify === 'call') {
      const { callref, state } = message.call ?? {};
      if (state === 'SETUP' || state === 'CONNECT') this.#active.set(callref, text);
      else this.#active.delete(callref);
      this.local(text);
      this.post({ type: 'frame', to: '*', text });
      return;
    }
    const route = message ? this.#routes.get(message.id) : undefined;
    if (!route) return;
    this.#routes.delete(message.id);
    if (message.error === undefined) this.#succeeded(route, message.result);
    if (route.from !== 'hub') this.#reply(route.from, { ...message, id: route.id });
    // Another member destroyed the session, or learnt it is gone: every
    // member recovers as after a lost connection, the leader first, with a
    // new session. (The leader's own CTI closes its socket itself.)
    if (route.from === this.self) return;
    const gone = message.error !== undefined && serverError(message.error).error_code === 'invalid_session_id';
    if (gone || (route.action === 'destroy_session' && message.error === undefined)) this.close();
  }

  /** What a command that succeeded changes for the hub. */
  #succeeded({ from, action, number, session_id }: Route, result: any): void {
    if (action === 'subscribe') {
      this.#subscribed.add(number!);
      if (from !== 'hub') this.#need(number!, from);
    } else if (action === 'get_subscriptions') {
      for (const number of result.numbers) this.#subscribed.add(number);
    } else if (action === 'unsubscribe' && !this.#needs.get(number!)?.size) {
      this.#subscribed.delete(number!);
      this.#needs.delete(number!);
    } else if (action === 'create_session' || action === 'restore_session') {
      this.#session = { number: result.number, session_id: result.session_id ?? session_id, now: result.now, at: Date.now() };
      if (action === 'create_session') {
        // A new session follows nothing yet: what the other members need
        // is subscribed again (the leader's CTI does so for its own).
        this.#subscribed.clear();
        for (const [need, members] of this.#needs) if ([...members].some((member) => member !== this.self)) this.#forward('hub', { action: 'subscribe', number: need });
      }
      // The service re-sends the active calls before it answers the next command.
      this.#forward('hub', { action: 'ping' });
    } else if (action === 'ping' && from === 'hub' && this.#session && !this.#ready) {
      this.#ready = true;
      for (const [member, subscriptions] of this.#waiting) this.hello(member, subscriptions);
      this.#waiting.clear();
    }
  }

  #need(number: string, member: string): void {
    const members = this.#needs.get(number) ?? new Set();
    this.#needs.set(number, members.add(member));
  }

  #reply(to: string, message: object): void {
    const text = JSON.stringify(message);
    if (to === this.self) this.local(text);
    else this.post({ type: 'frame', to, text });
  }

  /** The socket is gone, so is every member's: each CTI reconnects, the leader's first. */
  #closed(): void {
    this.#transport = undefined;
    this.#ready = false;
    this.#routes.clear();
    this.#active.clear();
    this.post({ type: 'closed' });
    this.lost();
  }
}

export function parse(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
