// The CSI token opens a line for an hour: it must never be written where
// another script, a log or a referrer could read it.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../../src/define.js';
import type { KeyyoCtiProvider } from '../../../src/index.js';
import { startSimulator, type SimulatorHandle } from '../../helpers/simulator.js';

describe('security', () => {
  let sim: SimulatorHandle;
  const NativeWebSocket = window.WebSocket;
  const socketUrls: string[] = [];

  beforeEach(async () => {
    sim = await startSimulator();
    window.WebSocket = class extends NativeWebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        socketUrls.push(String(url));
        super(url, protocols);
      }
    };
  });

  afterEach(async () => {
    window.WebSocket = NativeWebSocket;
    for (const provider of document.querySelectorAll('keyyo-cti-provider')) await provider.destroy();
    await sim.stop();
  });

  it('the CSI token never reaches a cookie, web storage or a URL, even across a reconnection', async () => {
    const tokens: string[] = [];
    const root = await fixture<HTMLElement>(html`<div></div>`);
    const provider = document.createElement('keyyo-cti-provider') as KeyyoCtiProvider;
    provider.endpoint = sim.endpoint;
    provider.tokenProvider = async () => {
      const token = await sim.token('33172587701');
      tokens.push(token);
      return token;
    };
    const statuses: string[] = [];
    provider.addEventListener('keyyo-status-change', (event) => statuses.push(event.detail.status));
    root.append(provider);
    await waitUntil(() => provider.status === 'connected');
    await sim.request('POST', '/sim/faults/disconnect', {});
    // Heard through events: the reconnection may be quicker than a poll.
    await waitUntil(() => statuses.includes('reconnecting') && provider.status === 'connected', 'reconnects', { timeout: 5000 });

    const places = [document.cookie, location.href, ...socketUrls, JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage })];
    expect(tokens.length).to.be.greaterThan(0);
    for (const token of tokens) for (const place of places) expect(place).not.to.contain(token);
    expect(document.cookie).to.contain('__ksid='); // the session id is there, and only it
    expect(socketUrls.length).to.be.greaterThan(1);
  });
});
