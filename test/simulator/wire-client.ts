// A client that speaks the wire protocol the way the official SDK does
// (SockJS framing over a plain WebSocket), for tests over a real socket.
import type { CallAttributes } from '../../src/simulator/model.js';

export interface Reply {
  id: number | null;
  result?: any;
  error?: { status_code: number; message: string; reason?: string };
}

export class WireClient {
  readonly notifications: CallAttributes[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  #socket: WebSocket;
  #nextId = 1;
  #pending = new Map<number | null, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();
  #waiters: { match: (call: CallAttributes) => boolean; resolve: (call: CallAttributes) => void }[] = [];

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    this.closed = new Promise((resolve) => {
      socket.addEventListener('message', (event) => {
        const frame = String(event.data);
        if (frame.startsWith('c')) {
          const [code, reason] = JSON.parse(frame.slice(1));
          resolve({ code, reason });
        }
      });
      socket.addEventListener('close', (event) => resolve({ code: event.code, reason: event.reason }));
    });
    // A command still waiting when the socket closes gets no reply.
    void this.closed.then(({ code, reason }) => {
      for (const { reject } of this.#pending.values()) reject(new Error(`socket closed: ${code} ${reason}`));
      this.#pending.clear();
    });
    socket.addEventListener('message', (event) => {
      const frame = String(event.data);
      if (frame[0] !== 'a') return;
      for (const text of JSON.parse(frame.slice(1)) as string[]) this.#dispatch(JSON.parse(text));
    });
  }

  /** Opens the framed WebSocket transport of a SockJS endpoint; `origin`
   * plays a page of that origin (a browser sends its Origin header). */
  static async connect(endpoint: string, options: { origin?: string } = {}): Promise<WireClient> {
    const server = String(Math.floor(Math.random() * 1000)).padStart(3, '0');
    const session = Math.random().toString(36).slice(2, 12).padEnd(8, 'x');
    const url = `${endpoint.replace(/^http/, 'ws')}/${server}/${session}/websocket`;
    // Node's WebSocket (undici) takes headers beside the URL; the DOM's type does not say so.
    const socket = options.origin ? new WebSocket(url, { headers: { origin: options.origin } } as unknown as string[]) : new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener('message', (event) => event.data === 'o' && resolve(), { once: true });
      socket.addEventListener('error', () => reject(new Error(`cannot connect to ${endpoint}`)), { once: true });
    });
    return new WireClient(socket);
  }

  #dispatch(message: any): void {
    if (message.notify === 'call') {
      this.notifications.push(message.call);
      this.#waiters = this.#waiters.filter((waiter) => !(waiter.match(message.call) && (waiter.resolve(message.call), true)));
      return;
    }
    const pending = this.#pending.get(message.id);
    this.#pending.delete(message.id);
    pending?.resolve(message);
  }

  /** Sends one command and waits for its reply. */
  command(action: string, params: Record<string, unknown> = {}): Promise<Reply> {
    const id = this.#nextId++;
    return this.raw(JSON.stringify([JSON.stringify({ action, id, ...params })]), id);
  }

  /** Sends a frame as is; resolves with the reply carrying `replyId`. */
  raw(frame: string, replyId: number | null = null): Promise<Reply> {
    const reply = new Promise<Reply>((resolve, reject) => this.#pending.set(replyId, { resolve, reject }));
    this.#socket.send(frame);
    return reply;
  }

  /** Sends a frame that expects no reply. */
  send(frame: string): void {
    this.#socket.send(frame);
  }

  async result(action: string, params: Record<string, unknown> = {}): Promise<any> {
    const reply = await this.command(action, params);
    if (reply.error) throw new Error(`${action}: ${JSON.stringify(reply.error)}`);
    return reply.result;
  }

  /** The next notification matching, or one already received. */
  notification(match: (call: CallAttributes) => boolean, timeoutMs = 2000): Promise<CallAttributes> {
    const seen = this.notifications.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no such notification within ' + timeoutMs + ' ms')), timeoutMs);
      this.#waiters.push({ match, resolve: (call) => (clearTimeout(timer), resolve(call)) });
    });
  }

  state(callref: string, state: string): Promise<CallAttributes> {
    return this.notification((call) => call.callref === callref && call.state === state);
  }

  close(): void {
    this.#socket.close();
  }
}
