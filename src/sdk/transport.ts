// SockJS framing over the browser's own WebSocket: what the service speaks,
// without the SockJS library. A page behind a proxy that blocks WebSockets
// can pass the SockJS constructor instead, for its HTTP fallbacks.
import { connectionClosed, timedOut } from './errors.js';

/** The part of a SockJS client the transport uses. */
export interface SockJSLike {
  onopen: (() => void) | null;
  onmessage: ((event: { data: string }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  send(data: string): void;
  close(): void;
}
export type SockJSConstructor = new (url: string) => SockJSLike;

export interface TransportHandlers {
  message(text: string): void;
  /** Any frame came in (`h` heartbeats included): the connection lives. */
  alive(): void;
  close(code: number, reason: string): void;
}

export interface Transport {
  send(message: object): void;
  /** Closes the socket; the close handler hears `code` and `reason`. */
  close(code?: number, reason?: string): void;
}

/** `https://host/cti` -> `wss://host/cti/<3 digits>/<8+ chars>/websocket`;
 * an endpoint relative to the page (`/cti`) is read against its address. */
export function websocketUrl(endpoint: string): string {
  const server = String(Math.floor(Math.random() * 1000)).padStart(3, '0');
  const session = Math.random().toString(36).slice(2, 10).padEnd(8, '0');
  const absolute = new URL(endpoint, globalThis.location?.href).href;
  return `${absolute.replace(/^http/, 'ws').replace(/\/+$/, '')}/${server}/${session}/websocket`;
}

/** Opens a connection; resolves once the server said `o`. Opening the socket
 * and the SockJS handshake share one deadline, `timeout` ms: a proxy or a
 * captive portal that accepts the socket and then says nothing fails it
 * with a `timeout` error, like a command without a reply. */
export function openTransport(endpoint: string, handlers: TransportHandlers, timeout: number, SockJS?: SockJSConstructor): Promise<Transport> {
  return new Promise((resolve, reject) => {
    let open = false;
    let closed = false;
    let socket: SockJSLike | undefined;
    const fail = (error: unknown) => {
      closed = true;
      clearTimeout(deadline);
      reject(error);
    };
    const deadline = setTimeout(() => {
      fail(timedOut(`the handshake of ${endpoint}`, timeout));
      socket?.close();
    }, timeout);
    const closeOnce = (code: number, reason: string) => {
      if (closed) return;
      if (open) {
        closed = true;
        handlers.close(code, reason);
      } else {
        fail(connectionClosed(`: cannot connect to ${endpoint} (${code}${reason ? ' ' + reason : ''})`));
      }
    };
    const opened = (transport: Transport) => {
      if (open || closed) return;
      open = true;
      clearTimeout(deadline);
      resolve(transport);
    };

    try {
      // A WebSocket has all of SockJSLike that the transport uses.
      const ws = (socket = SockJS ? new SockJS(endpoint) : (new WebSocket(websocketUrl(endpoint)) as unknown as SockJSLike));
      const transport = {
        send: (message: object) => ws.send(SockJS ? JSON.stringify(message) : JSON.stringify([JSON.stringify(message)])),
        close: (code = 1000, reason = 'Normal closure') => {
          ws.close();
          closeOnce(code, reason);
        },
      };
      ws.onclose = (event) => closeOnce(event.code, event.reason);
      if (SockJS) {
        ws.onopen = () => opened(transport);
        ws.onmessage = (event) => {
          handlers.alive();
          handlers.message(event.data);
        };
        return;
      }
      // WebKit refuses some addresses (a blocked port such as 9) with an
      // `error` and no `close`; an error is always an abnormal closure.
      (ws as unknown as WebSocket).onerror = () => closeOnce(1006, '');
      ws.onmessage = ({ data }) => {
        if (closed) return;
        const frame = String(data);
        const type = frame[0];
        if (type === 'o') return opened(transport);
        // Nothing is a message before the server said `o`.
        if (!open && type !== 'c') return;
        handlers.alive();
        let payload: unknown;
        try {
          payload = frame.length > 1 ? JSON.parse(frame.slice(1)) : undefined;
        } catch {
          return; // a broken frame carries nothing usable; a lost reply times out
        }
        if (type === 'a' && Array.isArray(payload)) {
          for (const text of payload) if (typeof text === 'string') handlers.message(text);
        } else if (type === 'm' && typeof payload === 'string') {
          handlers.message(payload);
        } else if (type === 'c' && Array.isArray(payload)) {
          ws.close();
          closeOnce(Number(payload[0]) || 1006, String(payload[1] ?? ''));
        }
      };
    } catch (error) {
      // The browser refused the address outright (mixed content, a bad port).
      closeOnce(0, (error as Error)?.name);
    }
  });
}
