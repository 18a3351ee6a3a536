// SockJS framing over the browser's own WebSocket: what the service speaks,
// without the SockJS library. A page behind a proxy that blocks WebSockets
// can pass the SockJS constructor instead, for its HTTP fallbacks.
import { connectionClosed } from './errors.js';

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
  close(code: number, reason: string): void;
}

export interface Transport {
  send(message: object): void;
  close(): void;
}

/** `https://host/cti` -> `wss://host/cti/<3 digits>/<8+ chars>/websocket`;
 * an endpoint relative to the page (`/cti`) is read against its address. */
export function websocketUrl(endpoint: string): string {
  const server = String(Math.floor(Math.random() * 1000)).padStart(3, '0');
  const session = Math.random().toString(36).slice(2, 10).padEnd(8, '0');
  const absolute = new URL(endpoint, globalThis.location?.href).href;
  return `${absolute.replace(/^http/, 'ws').replace(/\/+$/, '')}/${server}/${session}/websocket`;
}

/** Opens a connection; resolves once the server said `o`. */
export function openTransport(endpoint: string, handlers: TransportHandlers, SockJS?: SockJSConstructor): Promise<Transport> {
  return new Promise((resolve, reject) => {
    let open = false;
    let closed = false;
    const closeOnce = (code: number, reason: string) => {
      if (closed) return;
      closed = true;
      if (open) handlers.close(code, reason);
      else reject(connectionClosed(`: cannot connect to ${endpoint} (${code}${reason ? ' ' + reason : ''})`));
    };
    const opened = (transport: Transport) => {
      open = true;
      resolve(transport);
    };

    if (SockJS) {
      const socket = new SockJS(endpoint);
      const transport = { send: (message: object) => socket.send(JSON.stringify(message)), close: () => socket.close() };
      socket.onopen = () => opened(transport);
      socket.onmessage = (event) => handlers.message(event.data);
      socket.onclose = (event) => closeOnce(event.code, event.reason);
      return;
    }

    const socket = new WebSocket(websocketUrl(endpoint));
    const transport = {
      send: (message: object) => socket.send(JSON.stringify([JSON.stringify(message)])),
      close: () => {
        socket.close();
        closeOnce(1000, 'Normal closure');
      },
    };
    socket.onmessage = ({ data }) => {
      const frame = String(data);
      const type = frame[0];
      if (type === 'o') return opened(transport);
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
        socket.close();
        closeOnce(Number(payload[0]) || 1006, String(payload[1] ?? ''));
      }
    };
    socket.onclose = (event) => closeOnce(event.code, event.reason);
  });
}
