// One connection for every tab. The CTIs of one origin that share a session
// cookie (same endpoint, same cookie name) share one socket: one leads,
// chosen with a Web Lock, and holds the socket; the others speak the wire
// protocol to it over a BroadcastChannel. Everything happens at the level of
// wire frames, so each CTI stays a whole CTI: its calls, events, promises
// and recovery work as with a socket of its own. What a tab does in its
// group, and the leader's hub, are a chunk (tab-group.ts), asked for as a
// member joins: the member's socket waits for it, a page that never shares
// never loads it.
import { invalidParams } from './errors.js';
import type { CTI, SharedMember } from './cti.js';
import type { TabGroup } from './tab-group.js';
import { loadTabGroup } from './tab-group-load.js';
import type { SockJSConstructor, SockJSLike } from './transport.js';

/**
 * One CTI's place in its group. Gives the CTI a socket constructor
 * (`Socket`): leading, its group opens the real connection and carries the
 * other members' frames on it; following, it carries the CTI's frames to
 * the leader. When the leader goes (closed, reloaded, discarded: the lock
 * is released), the member that gets the lock next leads; every member's
 * socket closes as a handover (`handovers` counts them), so each CTI
 * restores the session at once, on the new leader.
 */
export class SharedConnection implements SharedMember {
  /** A member for a CTI with these options, if this browser can share:
   * Web Locks and BroadcastChannel. Its group: the endpoint and the cookie. */
  static join(options: CTI['options']): SharedConnection | undefined {
    if (!options) throw invalidParams('SharedConnection: no CTI options');
    if (!canShare()) return undefined;
    const member = new SharedConnection(options);
    void member.#group(); // asked for while the token comes
    return member;
  }

  readonly id = Math.random().toString(36).slice(2, 12);
  /** A socket constructor for the CTI's transport. */
  readonly Socket: SockJSConstructor;
  /** Whether this member holds the socket (its group says). */
  leading = false;
  handovers = 0;
  #loading?: Promise<TabGroup | void>;

  private constructor(readonly options: CTI['options']) {
    const group = () => this.#group();
    this.Socket = class extends MemberSocket {
      constructor() {
        super();
        // No chunk (offline, missing): the socket is lost, and the CTI's next try asks again.
        void group().then((tabs) => (tabs && !this.done ? tabs.attach(this) : this.lost()));
      }
    };
  }

  /** Leaves the group: the socket closes, and another member leads. */
  leave(): void {
    void this.#loading?.then((group) => group?.leave());
  }

  /** The member's group, its chunk loaded once; none if the load failed,
   * and then asked again. */
  #group(): Promise<TabGroup | void> {
    return (this.#loading ??= loadTabGroup().then(
      (chunk) => new chunk.TabGroup(this),
      () => (this.#loading = undefined),
    ));
  }
}

/** The CTI's side of a member: a SockJS-like socket its group carries. */
export class MemberSocket implements SockJSLike {
  // Set by the CTI's transport as it opens the socket.
  declare onopen: (() => void) | null;
  declare onmessage: ((event: { data: string }) => void) | null;
  declare onclose: ((event: { code: number; reason: string }) => void) | null;
  open = false;
  done = false;
  group?: TabGroup;

  send(text: string): void {
    this.group?.send(text);
  }

  opened(): void {
    if (this.open || this.done) return;
    this.open = true;
    this.onopen?.();
  }

  deliver(text: string): void {
    if (this.open && !this.done) this.onmessage?.({ data: text });
  }

  /** The socket is gone. */
  lost(): void {
    if (this.close()) this.onclose?.({ code: 1006, reason: 'Shared connection lost' });
  }

  /** Whether it was open until now. */
  close(): boolean {
    if (this.done) return false;
    this.done = true;
    this.group?.closed(this);
    return true;
  }
}

export function canShare(): boolean {
  return typeof BroadcastChannel === 'function' && !!globalThis.navigator?.locks;
}
