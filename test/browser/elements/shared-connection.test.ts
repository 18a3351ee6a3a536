// One connection for every tab, with pages as frames of this page: each frame
// is a document of its own (its own elements, Web Locks client and
// BroadcastChannel), and removing one is closing a tab.
import { expect, waitUntil } from '@open-wc/testing';
import type { KeyyoCtiProvider } from '../../../src/index.js';
import { SERVICE_WAIT, startSimulator, type SimulatorHandle } from '../../helpers/simulator.js';

const ALICE = '33172587701';
const BOB = '33699009902';
const CAROL = '33172587702';

interface Page {
  frame: HTMLIFrameElement;
  provider: KeyyoCtiProvider;
  /** Each call event the page heard, as `callref STATE`. */
  heard: string[];
  /** The calls it popped (`keyyo-screen-pop`). */
  popped: string[];
  /** The statuses it went through once connected, and the errors it heard. */
  said: string[];
}

describe('one connection shared by the pages of an origin', function () {
  this.timeout(20_000);
  let sim: SimulatorHandle;
  let cookie: string;
  let pages: Page[];

  beforeEach(async () => {
    sim = await startSimulator();
    cookie = `ksid-${Math.random().toString(36).slice(2)}`;
    pages = [];
  });

  afterEach(async () => {
    for (const page of pages) page.frame.remove();
    document.cookie = `${cookie}=; max-age=0`;
    await sim.stop();
  });

  /** Opens a page with Alice's softphone, as a new tab of the CRM. */
  async function open(attributes = '', content = '<keyyo-softphone></keyyo-softphone>', before = ''): Promise<Page> {
    const token = await sim.token(ALICE);
    const frame = document.createElement('iframe');
    frame.srcdoc = `${before}<script type="module" src="/src/define.ts"></script>
      <keyyo-cti-provider endpoint="${sim.endpoint}" cookie-name="${cookie}" token="${token}" ${attributes}>${content}</keyyo-cti-provider>`;
    document.body.append(frame);
    await waitUntil(() => frame.contentDocument?.querySelector('keyyo-cti-provider')?.status === 'connected', 'the page should connect', { timeout: 5000 });
    const provider = frame.contentDocument!.querySelector('keyyo-cti-provider')!;
    const heard: string[] = [];
    for (const type of ['setup', 'connect', 'release', 'missed']) {
      provider.addEventListener(`keyyo-call-${type}`, (event) => heard.push(`${(event as CustomEvent).detail.call.callref} ${type.toUpperCase()}`));
    }
    const popped: string[] = [];
    provider.addEventListener('keyyo-screen-pop', (event) => popped.push((event as CustomEvent).detail.call.callref));
    const said: string[] = [];
    provider.addEventListener('keyyo-status-change', (event) => said.push((event as CustomEvent).detail.status));
    provider.addEventListener('keyyo-error', (event) => said.push(`error ${(event as CustomEvent).detail.error.error_code}`));
    const page = { frame, provider, heard, popped, said };
    pages.push(page);
    return page;
  }

  async function socketsOfAlice(): Promise<number> {
    const { sessions } = await sim.state<{ sessions: { number: string; sockets: number; session_id: string }[] }>();
    return sessions.filter((session) => session.number === ALICE).reduce((sum, session) => sum + session.sockets, 0);
  }

  it('three pages hold one socket for the line, pop the caller once, and each sees the calls and acts on them', async () => {
    const [first, second, third] = [await open(), await open(), await open()];
    expect(await socketsOfAlice()).to.equal(1);
    expect(new Set([first, second, third].map((page) => page.provider.session!.session_id)).size).to.equal(1);
    expect([first, second, third].filter((page) => page.provider.session!.leading)).to.have.length(1);

    const callref = await sim.call(BOB, ALICE);
    await waitUntil(() => [first, second, third].every((page) => page.provider.state.current?.callref === callref), 'every page shows the call');
    await waitUntil(() => [first, second, third].some((page) => page.popped.length), 'a page pops the caller');
    await new Promise((resolve) => setTimeout(resolve, 1200)); // past any other page's claim
    expect([first, second, third].flatMap((page) => page.popped)).to.deep.equal([callref], 'one screen pop in all');
    await third.provider.session!.get_call(callref)!.answer();
    await waitUntil(() => [first, second, third].every((page) => page.provider.state.current?.state === 'CONNECT'), 'answered from a following page');
    expect(await socketsOfAlice()).to.equal(1);
  });

  it('a command from a following page reaches the service, and its error comes back to it', async () => {
    await open();
    const follower = await open();
    expect(follower.provider.session!.leading).to.be.false;
    const error = await follower.provider.session!.dial('33123').catch((error) => error);
    expect(error.error_code).to.equal('invalid_params');
    const placed = await follower.provider.session!.dial(BOB);
    expect(placed).to.equal(1);
    await waitUntil(() => follower.provider.state.calls.some((call) => call.callee === BOB), 'the call placed from the following page');
  });

  it('a number stays followed while a page needs it, and is let go when the last page lets it go or closes', async () => {
    const followed = async () =>
      (await sim.state<{ sessions: { number: string; subscriptions: string[] }[] }>()).sessions.find((session) => session.number === ALICE)!.subscriptions;
    const first = await open('', '<keyyo-line-board numbers="7702"></keyyo-line-board>');
    const second = await open('', '<keyyo-line-board numbers="7702"></keyyo-line-board>');
    const third = await open('', '<keyyo-line-board numbers="7702"></keyyo-line-board>');
    await waitUntil(() => [first, second, third].every((page) => page.provider.state.following.get(CAROL)?.status === 'followed'), 'every board follows Carol');
    expect(await followed()).to.include(CAROL);
    const leader = [first, second, third].find((page) => page.provider.session!.leading)!;
    const [one, other] = [first, second, third].filter((page) => page !== leader);
    one!.frame.contentDocument!.querySelector('keyyo-line-board')!.remove();
    leader.frame.contentDocument!.querySelector('keyyo-line-board')!.remove();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await followed()).to.include(CAROL, 'another page still shows Carol');
    other!.frame.remove();
    pages = pages.filter((page) => page !== other);
    await waitUntil(async () => !(await followed()).includes(CAROL), 'Carol is let go once no page shows her', SERVICE_WAIT);
  });

  it('"separate-connection" keeps a socket per page', async () => {
    await open('separate-connection');
    await open('separate-connection');
    expect(await socketsOfAlice()).to.equal(2);
  });

  it('a browser without BroadcastChannel or Web Locks keeps a socket per page, each working', async () => {
    const alone = [
      await open('', undefined, '<script>delete window.BroadcastChannel</script>'),
      await open('', undefined, "<script>Object.defineProperty(Navigator.prototype, 'locks', { value: undefined })</script>"),
    ];
    expect(await socketsOfAlice()).to.equal(2);
    expect(alone.every((page) => page.provider.session!.leading)).to.be.true;
    const callref = await sim.call(BOB, ALICE);
    await waitUntil(() => alone.every((page) => page.provider.state.current?.callref === callref), 'each page shows the call');
    await alone[1]!.provider.session!.get_call(callref)!.answer();
    await waitUntil(() => alone.every((page) => page.provider.state.current?.state === 'CONNECT'), 'answered');
  });

  it('the leading page closed while a call rings: another takes over the same session quietly, and the call is answered from a remaining page', async () => {
    const all = [await open(), await open(), await open()];
    const sessionId = all[0]!.provider.session!.session_id;
    const callref = await sim.call(BOB, ALICE);
    await waitUntil(() => all.every((page) => page.heard.includes(`${callref} SETUP`)), 'every page hears the call ring');
    const leader = all.find((page) => page.provider.session!.leading)!;
    const rest = all.filter((page) => page !== leader);
    leader.frame.remove();
    pages = rest;
    await waitUntil(() => rest.some((page) => page.provider.session!.leading) && rest.every((page) => page.provider.status === 'connected'), 'another page leads', {
      timeout: 3000,
    });
    expect(rest.map((page) => page.provider.session!.session_id)).to.deep.equal([sessionId, sessionId]);
    // A handover is no outage: nothing to tell the person on the phone.
    for (const page of rest) expect(page.said).to.deep.equal([]);
    await waitUntil(async () => (await socketsOfAlice()) === 1, 'one socket again', SERVICE_WAIT);

    await rest[1]!.provider.session!.get_call(callref)!.answer();
    await sim.phone(BOB, 'hangup');
    await waitUntil(() => rest.every((page) => page.heard.length === 3), 'each page hears the call end');
    for (const page of rest) expect(page.heard).to.deep.equal([`${callref} SETUP`, `${callref} CONNECT`, `${callref} RELEASE`]);
  });

  it("a following page's CSI token never crosses to the other tabs", async () => {
    const heard: string[] = [];
    const channel = new BroadcastChannel(`keyyo-cti:${new URL(sim.endpoint, location.href).href} ${cookie}`);
    channel.onmessage = ({ data }) => heard.push(JSON.stringify(data));
    try {
      const pages = [await open(), await open()];
      const token = pages[1]!.provider.getAttribute('token')!;
      await waitUntil(() => heard.some((message) => message.includes('restore_session') || message.includes('create_session')), 'a following page joined');
      expect(heard.filter((message) => message.includes(token))).to.deep.equal([]);
    } finally {
      channel.close();
    }
  });

  it('the leading page closes, then the next one 60 ms later: the last page takes over quietly, connected, with Call enabled', async () => {
    const all = [await open(), await open(), await open()];
    const sessionId = all[0]!.provider.session!.session_id;
    const leader = all.find((page) => page.provider.session!.leading)!;
    leader.frame.remove();
    const rest = all.filter((page) => page !== leader);
    await new Promise((resolve) => setTimeout(resolve, 60));
    const next = rest.find((page) => page.provider.session!.leading) ?? rest[0]!;
    next.frame.remove();
    const last = rest.find((page) => page !== next)!;
    pages = [last];
    await waitUntil(() => last.provider.session!.leading && last.provider.status === 'connected' && last.provider.session!.state.status === 'connected', 'the last page leads', {
      timeout: 3000,
    });
    expect(last.provider.session!.session_id).to.equal(sessionId);
    // Nothing said, and nothing said later either (no stale timer of a handover).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(last.said).to.deep.equal([]);
    expect(last.provider.status).to.equal('connected');
  });
});
