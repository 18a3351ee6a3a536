// A tab's part in its group (see shared.ts), a chunk: the channel to the
// other tabs, the lock that chooses the leader, and, leading, the hub that
// holds the socket (hub.ts).
import { Hub, parse } from './hub.js';
import type { MemberSocket, SharedConnection } from './shared.js';

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

/** What a member does in its group: joins it with its first socket, asks
 * for the lock, and leading, runs the hub; it says `leading` and counts
 * `handovers` on the member. */
export class TabGroup {
  readonly #member: SharedConnection;
  readonly #name: string;
  #channel?: BroadcastChannel;
  #stopWaiting?: AbortController;
  #release?: () => void;
  #socket?: MemberSocket;
  #hub?: Hub;
  /** What this member subscribed to, said to each new leader. */
  #subscriptions = new Set<string>();
  /** Its subscribe and unsubscribe commands waiting for their reply. */
  #asking = new Map<unknown, [boolean, string]>();

  constructor(member: SharedConnection) {
    const { endpoint, cookie_name } = member.options;
    this.#member = member;
    this.#name = `keyyo-cti:${new URL(endpoint, globalThis.location?.href).href} ${cookie_name}`;
  }

  /** The member's socket, carried from now on. */
  attach(socket: MemberSocket): void {
    this.#socket?.lost();
    this.#socket = socket;
    socket.group = this;
    this.#join();
    if (this.#member.leading) this.#lead(socket);
    else this.#post({ type: 'hello', from: this.#member.id, subscriptions: [...this.#subscriptions] });
  }

  /** Leaves the group: the socket closes, and another member leads. */
  leave(): void {
    if (!this.#channel) return;
    this.#post(this.#member.leading ? { type: 'leaving' } : { type: 'bye', from: this.#member.id });
    this.#hub?.close();
    this.#hub = undefined;
    this.#socket?.lost();
    this.#socket = undefined;
    this.#stopWaiting?.abort();
    this.#release?.();
    this.#member.leading = false;
    this.#channel.close();
    this.#channel = undefined;
    globalThis.removeEventListener?.('pagehide', this.#leaveOnHide);
  }

  send(text: string): void {
    const command = this.#track(text);
    if (this.#member.leading) return this.#hub?.command(this.#member.id, text);
    // The leader answers a member's create or restore from its own session:
    // the member's CSI token stays in its tab.
    if (command?.token !== undefined) text = JSON.stringify({ ...command, token: undefined });
    this.#post({ type: 'command', from: this.#member.id, text });
  }

  closed(socket: MemberSocket): void {
    if (socket !== this.#socket) return;
    this.#socket = undefined;
    // The CTI gave up on the socket (no reply in time): it is dead for everyone.
    if (this.#member.leading) this.#hub?.close();
  }

  #leaveOnHide = () => this.leave();

  #join(): void {
    if (this.#channel) return;
    const channel = (this.#channel = new BroadcastChannel(this.#name));
    this.#channel.onmessage = ({ data }) => this.#hear(data as Message);
    globalThis.addEventListener?.('pagehide', this.#leaveOnHide);
    const stop = (this.#stopWaiting = new AbortController());
    navigator.locks
      .request(this.#name, { signal: stop.signal }, () => {
        if (this.#channel !== channel) return; // left, or joined again, meanwhile
        this.#member.leading = true;
        // Ready for the members' hellos before its own socket opens.
        this.#hub = new Hub(
          this.#member.id,
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

  #lead(socket: MemberSocket): void {
    const { endpoint, timeout, SockJS } = this.#member.options;
    this.#hub!.open(endpoint, timeout, SockJS).then(
      () => socket === this.#socket && socket.opened(),
      () => socket.lost(),
    );
  }

  /** The socket is lost to the connection changing hands: the CTI reconnects at once. */
  #handover(): void {
    this.#member.handovers++;
    this.#socket?.lost();
  }

  #hear(message: Message): void {
    if (this.#member.leading) {
      if (message.type === 'hello') this.#hub?.hello(message.from, message.subscriptions);
      else if (message.type === 'command') this.#hub?.command(message.from, message.text);
      else if (message.type === 'bye') this.#hub?.bye(message.from);
      return;
    }
    const socket = this.#socket;
    if (!socket) return;
    if (message.type === 'welcome' && message.to === this.#member.id) socket.opened();
    else if (message.type === 'frame' && socket.open && (message.to === '*' || message.to === this.#member.id)) this.#deliver(message.text);
    else if (!/^(lead|leaving|closed)$/.test(message.type)) return;
    // A socket waiting for its welcome says hello to the new leader; an open one is lost.
    else if (!socket.open) this.#post({ type: 'hello', from: this.#member.id, subscriptions: [...this.#subscriptions] });
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
