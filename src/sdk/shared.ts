// One connection for every tab. The CTIs of one origin that share a session
// cookie (same endpoint, same cookie name) share one socket: one leads,
// chosen with a Web Lock, and holds the socket; the others speak the wire
// protocol to it over a BroadcastChannel. Everything happens at the level of
// wire frames, so each CTI stays a whole CTI: its calls, events, promises
// and recovery work as with a socket of its own.
import { invalidParams, serverError } from './errors.js';
import type { CTI, SharedMember } from './cti.js';
import { openTransport, type SockJSConstructor, type SockJSLike, type Transport } from './transport.js';

/** What the members of a group say to each other. */
type Message =
  | { type: 'hello'; from: string; subscriptions: string[] }
  | { type: 'welcome'; to: string }
  | { type: 'command'; from: string; text: string }
  /** Wire frames from the leader: to one member, or `*` for all. */
  | { type: 'frame'; to: string; text: string }
  /** A new leader holds the lock; the leader leaves (both a handover); or its socket is gone. */
  | { type: 'lead' | 'leaving' | 'closed' }
  | { type: 'bye'; from: string };

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

const randomId = () => Math.random().toString(36).slice(2, 12);

/**
 * One CTI's place in its group. Gives the CTI a socket constructor
 * (`Socket`): leading, it opens the real connection and carries the other
 * members' frames on it; following, it carries the CTI's frames to the
 * leader. When the leader goes (closed, reloaded, discarded: the lock is
 * released), the member that gets the lock next leads; every member's
 * socket closes as a handover (`handovers` counts them), so each CTI
 * restores the session at once, on the new leader.
 */
export class SharedConnection implements SharedMember {
  /** A member for a CTI with these options, if this browser can share:
   * Web Locks and BroadcastChannel. Its group: the endpoint and the cookie. */
  static join(options: CTI['options']): SharedConnection | undefined {
    if (!options) throw invalidParams('SharedConnection: no CTI options');
    const { endpoint, cookie_name, timeout, SockJS } = options;
    if (!canShare()) return undefined;
    return new SharedConnection(`${new URL(endpoint, globalThis.location?.href).href} ${cookie_name}`, endpoint, timeout, SockJS);
  }

  readonly id = randomId();
  /** A socket constructor for the CTI's transport. */
  readonly Socket: SockJSConstructor;
  handovers = 0;
  #channel?: BroadcastChannel;
  #stopWaiting?: AbortController;
  #release?: () => void;
  #leading = false;
  #socket?: MemberSocket;
  #hub?: Hub;
  /** What this member subscribed to, said to each new leader. */
  #subscriptions = new Set<string>();
  /** Its subscribe and unsubscribe commands waiting for their reply. */
  #asking = new Map<unknown, [boolean, string]>();

  constructor(
    private readonly group: string,
    private readonly endpoint: string,
    private readonly timeout: number,
    private readonly SockJS?: SockJSConstructor,
  ) {
    const send = (text: string) => this.#send(text);
    const closed = (socket: MemberSocket) => this.#closed(socket);
    const attach = (socket: MemberSocket) => this.#attach(socket);
    this.Socket = class extends MemberSocket {
      constructor() {
        super(send, closed);
        attach(this);
      }
    };
  }

  /** Whether this member holds the socket. */
  get leading(): boolean {
    return this.#leading;
  }

  /** Leaves the group: the socket closes, and another member leads. */
  leave(): void {
    if (!this.#channel) return;
    this.#post(this.#leading ? { type: 'leaving' } : { type: 'bye', from: this.id });
    this.#hub?.close();
    this.#hub = undefined;
    this.#socket?.lost();
    this.#socket = undefined;
    this.#stopWaiting?.abort();
    this.#release?.();
    this.#leading = false;
    this.#channel.close();
    this.#channel = undefined;
    globalThis.removeEventListener?.('pagehide', this.#leaveOnHide);
  }

  #leaveOnHide = () => this.leave();

  #join(): void {
    if (this.#channel) return;
    this.#channel = new BroadcastChannel(`keyyo-cti:${this.group}`);
    this.#channel.onmessage = ({ data }) => this.#hear(data as Message);
    globalThis.addEventListener?.('pagehide', this.#leaveOnHide);
    const stop = (this.#stopWaiting = new AbortController());
    navigator.locks
      .request(`keyyo-cti:${this.group}`, { signal: stop.signal }, () => {
        this.#leading = true;
        // Ready for the members' hellos before its own socket opens.
        this.#hub = new Hub(
          this.id,
          (message) => this.#post(message),
          (text) => this.#deliver(text),
          () => this.#socket?.lost(),
          [...this.#subscriptions],
        );
        this.#post({ type: 'lead' });
        // A socket on the old leader is dead: the CTI reconnects, on this one.
        if (this.#socket?.open) this.#handover();
        else if (this.#socket) this.#lead(this.#socket);
        return new Promise<void>((release) => (this.#release = release));
      })
      .catch(() => {}); // left before leading
  }

  #attach(socket: MemberSocket): void {
    this.#socket?.lost();
    this.#socket = socket;
    this.#join();
    if (this.#leading) this.#lead(socket);
    else this.#post({ type: 'hello', from: this.id, subscriptions: [...this.#subscriptions] });
  }

  #lead(socket: MemberSocket): void {
    this.#hub!.open(this.endpoint, this.timeout, this.SockJS).then(
      () => socket === this.#socket && socket.opened(),
      () => socket.lost(),
    );
  }

  #send(text: string): void {
    const command = this.#track(text);
    if (this.#leading) return this.#hub?.command(this.id, text);
    // The leader answers a member's create or restore from its own session:
    // the member's CSI token stays in its tab.
    if (command?.token !== undefined) text = JSON.stringify({ ...command, token: undefined });
    this.#post({ type: 'command', from: this.id, text });
  }

  /** The socket is lost to the connection changing hands: the CTI reconnects at once. */
  #handover(): void {
    this.handovers++;
    this.#socket?.lost();
  }

  #closed(socket: MemberSocket): void {
    if (socket !== this.#socket) return;
    this.#socket = undefined;
    // The CTI gave up on the socket (no reply in time): it is dead for everyone.
    if (this.#leading) this.#hub?.close();
  }

  #hear(message: Message): void {
    if (this.#leading) {
      if (message.type === 'hello') this.#hub?.hello(message.from, message.subscriptions);
      else if (message.type === 'command') this.#hub?.command(message.from, message.text);
      else if (message.type === 'bye') this.#hub?.bye(message.from);
      return;
    }
    const socket = this.#socket;
    if (!socket) return;
    if (message.type === 'welcome' && message.to === this.id) socket.opened();
    else if (message.type === 'frame' && socket.open && (message.to === '*' || message.to === this.id)) this.#deliver(message.text);
    else if (!/^(lead|leaving|closed)$/.test(message.type)) return;
    // A socket waiting for its welcome says hello to the new leader; an open one is lost.
    else if (!socket.open) this.#post({ type: 'hello', from: this.id, subscriptions: [...this.#subscriptions] });
    else if (message.type === 'closed') socket.lost();
    else this.#handover();
  }

  #deliver(text: string): void {
    this.#track(text, true);
    this.#socket?.deliver(text);
  }

  /** Follows this member's subscriptions through its commands and their replies; returns the command. */
  #track(text: string, reply = false): any {
    if (!reply) {
      const command = parse(text);
      if (command?.action === 'subscribe' || command?.action === 'unsubscribe') this.#asking.set(command.id, [command.action === 'subscribe', command.number]);
      return command;
    }
    if (!this.#asking.size) return;
    const answer = parse(text);
    const asked = answer && 'id' in answer ? this.#asking.get(answer.id) : undefined;
    if (!asked) return;
    this.#asking.delete(answer.id);
    if (answer.error !== undefined) return;
    if (asked[0]) this.#subscriptions.add(asked[1]);
    else this.#subscriptions.delete(asked[1]);
  }

  #post(message: Message): void {
    this.#channel?.postMessage(message);
  }
}

/** The CTI's side of a member: a SockJS-like socket. */
class MemberSocket implements SockJSLike {
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  open = false;
  #done = false;

  constructor(
    readonly send: (text: string) => void,
    private readonly closed: (socket: MemberSocket) => void,
  ) {}

  opened(): void {
    if (this.open || this.#done) return;
    this.open = true;
    this.onopen?.();
  }

  deliver(text: string): void {
    if (this.open && !this.#done) this.onmessage?.({ data: text });
  }

  /** The socket is gone. */
  lost(): void {
    if (this.close()) this.onclose?.({ code: 1006, reason: 'Shared connection lost' });
  }

  /** Whether it was open until now. */
  close(): boolean {
    if (this.#done) return false;
    this.#done = true;
    this.closed(this);
    return true;
  }
}

/**
 * The leader's socket, carrying every member's frames: each command goes
 * out under an id of the hub's and its reply goes back to the member that
 * sent it; call notifications go to every member. The session is the
 * leader's: a member asking to create or restore one gets it, with its
 * active calls (as the service re-sends them after a restore). A number
 * stays subscribed while any member needs it.
 */
class Hub {
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

export function canShare(): boolean {
  return typeof BroadcastChannel === 'function' && typeof navigator !== 'undefined' && Boolean(navigator.locks);
}

function parse(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
