// The reference SockJS browser client, which we did not write, talks to the
// simulator: over WebSocket, and over SockJS's HTTP fallbacks.
import { expect } from '@open-wc/testing';
import { startSimulator, type SimulatorHandle } from '../../helpers/simulator.js';

const ALICE = '33172587701';
const BOB = '33699009902';

declare global {
  interface Window {
    SockJS: new (url: string, reserved?: null, options?: { transports?: string[] }) => WebSocket;
  }
}

function loadSockJS(): Promise<void> {
  if (window.SockJS) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/node_modules/sockjs-client/dist/sockjs.min.js';
    script.onload = () => resolve();
    script.onerror = () => reject(new Error('cannot load sockjs-client'));
    document.head.append(script);
  });
}

/** Collects what the server sends, and waits for a message that matches. */
function messages(socket: WebSocket) {
  const received: any[] = [];
  const waiters: [(message: any) => boolean, (message: any) => void][] = [];
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    received.push(message);
    for (const [match, resolve] of waiters) if (match(message)) resolve(message);
  };
  return (match: (message: any) => boolean) =>
    new Promise<any>((resolve) => {
      const seen = received.find(match);
      if (seen) resolve(seen);
      else waiters.push([match, resolve]);
    });
}

for (const transport of ['websocket', 'xhr-streaming', 'xhr-polling']) {
  describe(`sockjs-client over ${transport}`, () => {
    let sim: SimulatorHandle;

    beforeEach(async () => {
      await loadSockJS();
      sim = await startSimulator({ virtualClock: true });
    });

    afterEach(() => sim.stop());

    it('connects, creates a session and receives a call notification', async () => {
      const socket = new window.SockJS(sim.endpoint, null, { transports: [transport] });
      const next = messages(socket);
      await new Promise((resolve) => (socket.onopen = resolve));

      socket.send(JSON.stringify({ action: 'create_session', id: 1, token: await sim.token(ALICE), protocol_version: 1 }));
      const created = await next((message) => message.id === 1);
      expect(created.result.number).to.equal(ALICE);
      expect(created.result.session_id).to.be.a('string');

      const callref = await sim.call(BOB, ALICE);
      const notification = await next((message) => message.notify === 'call');
      expect(notification.call).to.deep.equal({
        callref,
        caller: BOB,
        callee: ALICE,
        state: 'SETUP',
        setup_date: created.result.now,
      });
      socket.close();
    });
  });
}
