// What real networks and servers do to a session, on demand: replies that
// never come, a server that stalls without closing, a slow link, a socket
// accepted that never hears the SockJS handshake. Time here is wall-clock
// time even when the model runs on the virtual clock: the clients under test
// measure their timeouts in real time.
import { createHash } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { integerProblem, LIMITS, RANGES, type Range } from './limits.js';

function check(name: string, value: number, range: Range): number {
  const problem = integerProblem(value, range);
  if (problem) throw new RangeError(`${name} ${problem}`);
  return value;
}

export interface FaultsState {
  stalled_ms: number;
  drop_replies: number;
  delay_ms: number;
}

export class NetworkFaults {
  #stallUntil = 0;
  #stallTimer?: ReturnType<typeof setTimeout>;
  #held: (() => void)[] = [];
  #dropReplies = 0;
  #delayMs = 0;
  #noHandshakes = 0;
  #silent = new Set<Duplex>();

  /** Neither reads nor writes for `ms`; what arrives or is due meanwhile
   * goes through, in order, when the stall ends. */
  stall(ms: number): void {
    check('a stall', ms, RANGES.stallMs);
    this.#stallUntil = Math.max(this.#stallUntil, Date.now() + ms);
    clearTimeout(this.#stallTimer);
    this.#stallTimer = setTimeout(() => this.#release(), this.#stallUntil - Date.now());
  }

  /** The next `count` replies are never sent (their commands still run). */
  dropReplies(count: number): void {
    this.#dropReplies = check('a count of dropped replies', count, RANGES.dropReplies);
  }

  /** Every message to clients leaves `ms` late. */
  delay(ms: number): void {
    this.#delayMs = check('a delay', ms, RANGES.delayMs);
  }

  /** The next `count` WebSocket connections to the CTI endpoint are
   * accepted (the upgrade completes, the browser's `onopen` fires) and then
   * hear nothing: no SockJS `o` frame, as behind some proxies and captive
   * portals. Returns how many are still to come. */
  noHandshake(count: number): number {
    return (this.#noHandshakes = count);
  }

  /** Puts the fault in front of the server's upgrade listeners (the sockjs
   * server's), which it calls for every other connection. Call it after
   * the sockjs handlers are installed. */
  interceptUpgrades(server: Server, prefix: string): void {
    const listeners = server.listeners('upgrade') as ((...args: unknown[]) => void)[];
    server.removeAllListeners('upgrade');
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const path = request.url ?? '';
      if (this.#noHandshakes > 0 && path.startsWith(prefix + '/') && path.endsWith('/websocket')) {
        this.#noHandshakes -= 1;
        return this.#acceptSilently(request, socket);
      }
      for (const listener of listeners) listener.call(server, request, socket, head);
    });
  }

  clear(): void {
    this.#dropReplies = 0;
    this.#delayMs = 0;
    this.#noHandshakes = 0;
    for (const socket of this.#silent) socket.destroy();
    this.#release();
  }

  state(): FaultsState {
    return { stalled_ms: Math.max(0, this.#stallUntil - Date.now()), drop_replies: this.#dropReplies, delay_ms: this.#delayMs };
  }

  /** A message from a client. */
  receive(handle: () => void): void {
    if (this.#stalled()) this.#hold(handle);
    else handle();
  }

  /** A message to a client; `isReply` tells replies from notifications. */
  send(isReply: boolean, deliver: () => void): void {
    if (isReply && this.#dropReplies > 0) {
      this.#dropReplies -= 1;
      return;
    }
    if (this.#stalled()) this.#hold(deliver);
    else if (this.#delayMs > 0) setTimeout(deliver, this.#delayMs);
    else deliver();
  }

  /** What a stall holds is bounded: one message past the limit ends the
   * stall, and everything goes through in order. */
  #hold(run: () => void): void {
    if (this.#held.length < LIMITS.heldMessages) {
      this.#held.push(run);
      return;
    }
    this.#release();
    run();
  }

  /** Completes the WebSocket upgrade (RFC 6455) and says nothing more. The
   * client's first frame can only be its close: the connection ends then. */
  #acceptSilently(request: IncomingMessage, socket: Duplex): void {
    const accept = createHash('sha1')
      .update(String(request.headers['sec-websocket-key']) + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11')
      .digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    this.#silent.add(socket);
    socket.on('data', () => socket.destroy());
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.#silent.delete(socket));
  }

  #stalled(): boolean {
    return Date.now() < this.#stallUntil;
  }

  #release(): void {
    clearTimeout(this.#stallTimer);
    this.#stallUntil = 0;
    for (const run of this.#held.splice(0)) run();
  }
}
