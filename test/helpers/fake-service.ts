// A scripted Keyyo CTI service behind a fake WebSocket, for tests that run
// the SDK without a network (Node or a browser page). It speaks SockJS
// framing, answers every command with a result of the documented shape (or
// what `reply` says), and records every message the SDK sent.

export const ALICE = '33172587701';
export const BOB = '33699009902';

export interface SentMessage {
  action: string;
  id: number;
  [param: string]: unknown;
}

/** The calls the service announces after create and restore. */
export const CALLS = [
  { callref: 'c1', caller: BOB, callee: ALICE, state: 'SETUP', setup_date: 1000 },
  { callref: 'c2', caller: ALICE, callee: BOB, state: 'CONNECT', setup_date: 990, connect_date: 995 },
];

export function documentedResult(action: string): unknown {
  switch (action) {
    case 'create_session':
      return { number: ALICE, now: 1000, session_id: 'session-1' };
    case 'restore_session':
      return { number: ALICE, now: 1000 };
    case 'get_subscriptions':
      return { numbers: [ALICE] };
    case 'get_auto_answer':
      return { auto_answer: true };
    case 'get_int_to_local_numbers':
      return '7701';
    case 'get_local_to_int_number':
      return ALICE;
    case 'ping':
      return 'pong';
    default:
      return 1;
  }
}

export class FakeService {
  /** The calls announced after create and restore. */
  calls: object[] = CALLS;
  /** Every message the SDK sent, in order, across sockets. */
  readonly sent: SentMessage[] = [];
  /** The raw reply object for a message; undefined sends nothing. */
  reply: (message: SentMessage) => object | undefined = (message) => ({ id: message.id, result: documentedResult(message.action) });
  /** Frames a socket gets before the SockJS `o` (none: the handshake never completes). */
  opening: string[] | undefined = ['o'];
  /** The sockets open now. */
  readonly sockets = new Set<{ frame(data: string): void }>();

  /** The server closes every socket with a SockJS close frame. */
  close(code: number, reason = ''): void {
    for (const socket of this.sockets) socket.frame(`c${JSON.stringify([code, reason])}`);
  }

  /** A WebSocket class bound to this service, to put in place of the real one. */
  readonly WebSocket = createSocketClass(this);
}

function createSocketClass(service: FakeService) {
  return class FakeWebSocket {
    onmessage: ((event: { data: string }) => void) | null = null;
    onclose: ((event: { code: number; reason: string }) => void) | null = null;
    #closed = false;

    constructor(readonly url: string) {
      service.sockets.add(this);
      setTimeout(() => service.opening?.forEach((frame) => this.#frame(frame)), 0);
    }

    send(data: string): void {
      if (this.#closed) return;
      for (const text of JSON.parse(data) as string[]) {
        const message = JSON.parse(text) as SentMessage;
        service.sent.push(message);
        const reply = service.reply(message);
        setTimeout(() => {
          if (reply) this.#frame(`a${JSON.stringify([JSON.stringify(reply)])}`);
          if (message.action === 'create_session' || message.action === 'restore_session') {
            this.#frame(`a${JSON.stringify(service.calls.map((call) => JSON.stringify({ notify: 'call', call })))}`);
          }
        }, 0);
      }
    }

    close(): void {
      if (this.#closed) return;
      this.#closed = true;
      service.sockets.delete(this);
      setTimeout(() => this.onclose?.({ code: 1000, reason: 'Normal closure' }), 0);
    }

    frame(data: string): void {
      this.#frame(data);
    }

    #frame(data: string): void {
      if (!this.#closed) this.onmessage?.({ data });
    }
  };
}
