// One connection for every tab. The CTIs of one origin that share a session
// cookie (same endpoint, same cookie name) share one socket: one leads,
// chosen with a Web Lock, and holds the socket; the others speak the wire
// protocol to it over a BroadcastChannel. Everything happens at the level of
// wire frames, so each CTI stays a whole CTI: its calls, events, promises
// and recovery work as with a socket of its own. The leader's hub is a chunk
// (hub.ts), asked for as a member joins so that it is there when it leads.
import { invalidParams } from './errors.js';
import type { CTI, SharedMember } from './cti.js';
import type { Hub } from './hub.js';
import { loadHub as fetchHub } from './hub-load.js';
import type { SockJSConstructor, SockJSLike } from './transport.js';

/** What the members of a group say to each other. */
export type Message =
  | { type: 'hello'; from: string; subscriptions: string[] }
  | { type: 'welcome'; to: string }
  | { type: 'command'; from: string; text: string }
  /** Wire frames from the leader: to one member, or `*` for all. */
  | { type: 'frame'; to: string; text: string }
  /** A new leader holds the lock; the leader leaves (both a handover); or its socket is gone. */
  | { type: 'lead' | 'leaving' | 'closed' }
  | { type: 'bye'; from: string };

const randomId = () => Math.random().toString(36).slice(2, 12);

let hubLoading: Promise<typeof Hub> | undefined;
/** The hub's chunk, asked for once; a load that failed is asked again. */
const loadHub = (): Promise<typeof Hub> =>
  (hubLoading ??= fetchHub().catch((error: unknown) => {
    hubLoading = undefined;
    throw error;
  }));

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
    void loadHub().catch(() => {}); // asked for while the token comes; leading waits for it
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
    const channel = (this.#channel = new BroadcastChannel(`keyyo-cti:${this.group}`));
    this.#channel.onmessage = ({ data }) => this.#hear(data as Message);
    globalThis.addEventListener?.('pagehide', this.#leaveOnHide);
    const stop = (this.#stopWaiting = new AbortController());
    navigator.locks
      .request(`keyyo-cti:${this.group}`, { signal: stop.signal }, async () => {
        let LeaderHub: typeof Hub;
        try {
          LeaderHub = await loadHub();
        } catch {
          // No hub (offline, the chunk missing): the lock goes to another
          // member, and this one's CTI joins again as it reconnects.
          return this.leave();
        }
        if (this.#channel !== channel) return; // left, or joined again, meanwhile
        this.#leading = true;
        // Ready for the members' hellos before its own socket opens.
        this.#hub = new LeaderHub(
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

export function canShare(): boolean {
  return typeof BroadcastChannel === 'function' && typeof navigator !== 'undefined' && Boolean(navigator.locks);
}

export function parse(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
