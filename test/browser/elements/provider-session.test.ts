// The provider's session from the page's side: what it says while the SDK
// connects, loses, recovers and gives up, and what it refuses to start with.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../../src/define.js';
import type { KeyyoCtiProvider } from '../../../src/index.js';
import { simulatorPerTest, type SimulatorHandle } from '../../helpers/simulator.js';

const ALICE = '33172587701';
const BOB = '33699009902';

describe('the provider and its session', () => {
  let sim: SimulatorHandle;

  simulatorPerTest({ virtualClock: true }, (started) => (sim = started));

  async function provider(set: (provider: KeyyoCtiProvider) => void): Promise<{ provider: KeyyoCtiProvider; errors: CustomEvent[] }> {
    const element = document.createElement('keyyo-cti-provider');
    element.noCookie = true;
    const errors: CustomEvent[] = [];
    element.addEventListener('keyyo-error', (event) => errors.push(event));
    set(element);
    (await fixture<HTMLElement>(html`<div></div>`)).append(element);
    return { provider: element, errors };
  }

  it('an empty endpoint is an error, never the production service', async () => {
    const { provider: element, errors } = await provider((p) => {
      p.setAttribute('endpoint', '');
      p.tokenProvider = () => sim.token(ALICE);
    });
    await waitUntil(() => element.status === 'error');
    expect(errors[0]!.detail.error.message).to.contain('endpoint');
    expect(element.session).to.be.undefined;
  });

  it('a token URL answering a page (HTML) is an error naming the URL, not a token sent', async () => {
    const url = 'data:text/html,<p>Please sign in</p>';
    const { provider: element, errors } = await provider((p) => {
      p.endpoint = sim.endpoint;
      p.tokenUrl = url;
    });
    await waitUntil(() => element.status === 'error');
    expect(errors.at(-1)!.detail.error.message).to.contain(url);
    expect((await sim.state()).sessions).to.have.length(0);
  });

  it('a token URL answering a page with a shared connection: an error, and the socket opened meanwhile goes with its group', async () => {
    const { provider: element } = await provider((p) => {
      p.endpoint = sim.endpoint;
      p.noCookie = false;
      p.tokenUrl = 'data:text/html,<p>Please sign in</p>';
    });
    await waitUntil(() => element.status === 'error');
    // Time for the chunk, the lock and the socket, had they been left to open.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await sim.request('POST', '/sim/faults/disconnect', {})).to.deep.equal({ disconnected: 0 });
  });

  for (const shared of [true, false]) {
    it(`a provider taken out of the page while its token comes leaves no socket open (${shared ? 'shared connection' : 'no-cookie'})`, async () => {
      let give!: (token: string) => void;
      const { provider: element } = await provider((p) => {
        p.endpoint = sim.endpoint;
        p.noCookie = !shared;
        p.tokenProvider = () => new Promise((resolve) => (give = resolve));
      });
      // Time for the shared connection's chunk, its lock and its socket.
      await new Promise((resolve) => setTimeout(resolve, 500));
      element.remove();
      await new Promise((resolve) => setTimeout(resolve, 500));
      give(await sim.token(ALICE));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await sim.request('POST', '/sim/faults/disconnect', {})).to.deep.equal({ disconnected: 0 });
      expect((await sim.state()).sessions).to.have.length(0);
    });
  }

  it('a provider taken out of the page says idle, and destroy() forgets the local forms', async () => {
    const { provider: element } = await provider((p) => {
      p.endpoint = sim.endpoint;
      p.tokenProvider = () => sim.token(ALICE);
    });
    await waitUntil(() => element.status === 'connected');
    await sim.call(BOB, ALICE);
    await waitUntil(() => element.state.localNumbers.size > 0, 'local forms learnt');
    const idle = oneEvent(element, 'keyyo-status-change');
    const parent = element.parentElement!;
    element.remove();
    expect((await idle).detail.status).to.equal('idle');
    parent.append(element);
    await waitUntil(() => element.status === 'connected');
    await element.destroy();
    expect(element.status).to.equal('idle');
    expect(element.state.localNumbers.size).to.equal(0);
  });
});
