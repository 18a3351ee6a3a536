// The team view in Chromium against a real simulator: colleagues' lines on
// a board, the call park shared by an organisation, the auto-answer switch
// and the message composer, clicked and read as a person would.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import type { TemplateResult } from 'lit';
import '../../../src/define.js';
import type { Contact, KeyyoAutoAnswer, KeyyoCallList, KeyyoCallPark, KeyyoCtiProvider, KeyyoLineBoard, KeyyoMessage } from '../../../src/index.js';
import { canEmulateColorScheme } from '../../helpers/engines.js';
import { SERVICE_WAIT, simulatorPerTest, type SimulatorHandle } from '../../helpers/simulator.js';

const ALICE = '33172587701';
const CAROL = '33172587702';
const DAVE = '33172587703';
const EMMA = '33172587704';
const FARID = '33172587705';
const GINA = '33172587706';
/** A line of another organisation: Alice's session may not follow it. */
const ZOE = '33145670001';
const BOB = '33699009902';
const STRANGER = '33699009903';

const DIRECTORY = {
  country_code: '33',
  organisations: [
    {
      name: 'Acme',
      lines: [
        { number: ALICE, local: '7701', name: 'Alice' },
        { number: CAROL, local: '7702', name: 'Carol' },
        { number: DAVE, local: '7703', name: 'Dave' },
        { number: EMMA, local: '7704', name: 'Emma' },
        { number: FARID, local: '7705', name: 'Farid' },
        { number: GINA, local: '7706', name: 'Gina' },
      ],
    },
    { name: 'Globex', lines: [{ number: ZOE, local: '2001', name: 'Zoe' }] },
  ],
  outside: [{ number: BOB, name: 'Bob' }],
};

const CONTACTS = new Map<string, Contact>([
  [BOB, { name: 'Bob Martin' }],
  [CAROL, { name: 'Carol Dubois' }],
  [DAVE, { name: 'Dave Roux' }],
  [EMMA, { name: 'Emma Petit' }],
]);

const clean = (value: string | null | undefined) => value?.replace(/\s+/g, ' ').trim() ?? '';
const inner = <T extends Element = HTMLElement>(host: Element, selector: string) => host.shadowRoot!.querySelector<T & Element>(selector) as T;
const text = (host: Element, selector: string) => clean(host.shadowRoot!.querySelector(selector)?.textContent);
const row = (board: KeyyoLineBoard, number: string) => board.shadowRoot!.querySelector<HTMLElement>(`.line[data-number="${number}"]`);
const status = (board: KeyyoLineBoard, number: string) => clean(row(board, number)?.querySelector('.status')?.textContent);
const rowButton = (board: KeyyoLineBoard, number: string, label: string) =>
  [...(row(board, number)?.querySelectorAll<HTMLButtonElement>('button') ?? [])].find((button) => clean(button.textContent) === label);
const parkedSlots = (park: KeyyoCallPark) => [...park.shadowRoot!.querySelectorAll('.slot')].map((slot) => clean(slot.textContent));
/** What the simulator's session of a line follows. */
const followed = async (sim: SimulatorHandle, line: string): Promise<string[]> => {
  const { sessions } = await sim.state();
  return sessions.filter((session: { number: string }) => session.number === line).flatMap((session: { subscriptions: string[] }) => session.subscriptions);
};

describe('team view', () => {
  let sim: SimulatorHandle;

  simulatorPerTest({ virtualClock: true, directory: DIRECTORY }, (started) => (sim = started));

  afterEach(async () => {
    if (canEmulateColorScheme) await emulateMedia({ colorScheme: 'light' });
  });

  /** A provider on `line` holding `content`, connected. */
  async function page(content: TemplateResult, options: { line?: string; lang?: string; cookie?: string; autoAnswer?: boolean; contacts?: ReadonlyMap<string, Contact> } = {}) {
    const contacts = options.contacts ?? CONTACTS;
    const root = await fixture<HTMLElement>(html`
      <div lang=${options.lang ?? 'en'}>
        <keyyo-cti-provider
          endpoint=${sim.endpoint}
          ?no-cookie=${!options.cookie}
          cookie-name=${options.cookie ?? '__ksid'}
          .tokenProvider=${() => sim.token(options.line ?? ALICE)}
          .contactResolver=${async (number: string) => contacts.get(number)}
          .autoAnswer=${options.autoAnswer}
        >
          ${content}
        </keyyo-cti-provider>
      </div>
    `);
    const provider = root.querySelector('keyyo-cti-provider') as KeyyoCtiProvider;
    await waitUntil(() => provider.status === 'connected', 'the provider should connect', { timeout: 5000 });
    return { root, provider };
  }

  describe('<keyyo-line-board>', () => {
    it('shows five lines through each state, live, with calls overlapping', async () => {
      const { root } = await page(html`<keyyo-line-board numbers="7702, 7703, 7704, 7705, 7706"></keyyo-line-board>`);
      const board = root.querySelector('keyyo-line-board')!;
      await waitUntil(() => [CAROL, DAVE, EMMA, FARID, GINA].every((number) => status(board, number) === 'Free'), 'every line free, read from its local form');
      await waitUntil(() => text(board, '[part="summary"]') === '5 of 5 free');
      await waitUntil(() => clean(row(board, CAROL)!.querySelector('.name')!.textContent) === 'Carol Dubois', 'named by the contacts');
      expect(clean(row(board, GINA)!.querySelector('.name')!.textContent)).to.equal('7706', 'no contact: the local number');

      await sim.call(BOB, CAROL);
      await waitUntil(() => status(board, CAROL).startsWith('Ringing: Bob Martin ·'), 'Carol rings, with who calls');
      expect(row(board, CAROL)!.getAttribute('part')).to.equal('line line-ringing');
      await sim.call(DAVE, EMMA);
      await waitUntil(() => status(board, DAVE).startsWith('Calling Emma Petit') && status(board, EMMA).startsWith('Ringing: Dave Roux'));

      await sim.advance(5000);
      await sim.phone(CAROL, 'answer');
      await sim.phone(EMMA, 'answer');
      await waitUntil(() => /^In conversation with Bob Martin · \d+:\d\d$/.test(status(board, CAROL)), 'Carol talks, with a live time');
      await waitUntil(() => status(board, DAVE).startsWith('In conversation with Emma Petit') && status(board, EMMA).startsWith('In conversation with Dave Roux'));
      expect(row(board, EMMA)!.getAttribute('part')).to.equal('line line-busy');

      // A second call for Carol while she talks; Farid calls out.
      await sim.call(STRANGER, CAROL);
      await sim.call(FARID, BOB);
      await waitUntil(() => status(board, CAROL) === '2 calls' && status(board, FARID).startsWith('Calling Bob Martin'));
      expect(status(board, GINA)).to.equal('Free');
      expect(text(board, '[part="summary"]')).to.equal('1 of 5 free');

      await sim.phone(CAROL, 'hangup');
      await waitUntil(() => status(board, CAROL).startsWith('Ringing: +33 6 99 00 99 03') || status(board, CAROL).startsWith('Ringing: 06 99 00 99 03'));
      await sim.phone(CAROL, 'reject');
      await sim.phone(DAVE, 'hangup');
      await sim.phone(FARID, 'hangup');
      await waitUntil(() => [CAROL, DAVE, EMMA, FARID, GINA].every((number) => status(board, number) === 'Free'), 'every line free again');
      expect(text(board, '[part="summary"]')).to.equal('5 of 5 free');
    });

    it('says which lines it cannot follow on their rows, and the others keep working', async () => {
      const { root } = await page(html`<keyyo-line-board numbers="7702, 33145670001, 12, +33 6 99 00 99 02, 7703"></keyyo-line-board>`);
      const board = root.querySelector('keyyo-line-board')!;
      await waitUntil(() => status(board, ZOE) === 'The phone service cannot follow this line', "another organisation's line is refused");
      await waitUntil(() => status(board, BOB) === 'The phone service cannot follow this line', 'an outside number is refused');
      await waitUntil(() => status(board, '12') === 'Not a phone number');
      expect(rowButton(board, '12', 'Call'), 'nothing to call').to.be.undefined;
      expect(row(board, ZOE)!.getAttribute('part')).to.equal('line line-unavailable');
      await waitUntil(() => status(board, CAROL) === 'Free' && status(board, DAVE) === 'Free');
      await sim.call(BOB, DAVE);
      await waitUntil(() => status(board, DAVE).startsWith('Ringing: Bob Martin'));
      expect(await followed(sim, ALICE)).to.have.members([ALICE, CAROL, DAVE]);
    });

    it('shares subscriptions: two boards and a list of one line keep it followed until the last lets it go, and so does the page', async () => {
      const { root, provider } = await page(html`
        <keyyo-line-board numbers="7702"></keyyo-line-board>
        <keyyo-line-board numbers="7702, 7703"></keyyo-line-board>
        <keyyo-call-list number=${CAROL}></keyyo-call-list>
      `);
      const [first, second] = [...root.querySelectorAll('keyyo-line-board')];
      const list = root.querySelector('keyyo-call-list') as KeyyoCallList;
      await waitUntil(() => status(first!, CAROL) === 'Free' && status(second!, DAVE) === 'Free');
      expect(await followed(sim, ALICE)).to.have.members([ALICE, CAROL, DAVE]);

      first!.remove();
      list.remove();
      await sim.call(BOB, CAROL);
      await waitUntil(() => status(second!, CAROL).startsWith('Ringing'), 'the second board still follows Carol');
      expect(await followed(sim, ALICE)).to.have.members([ALICE, CAROL, DAVE]);
      await sim.phone(BOB, 'hangup');

      // The page needs Dave through the SDK: the board's going leaves him followed.
      expect(await provider.session!.subscribe(DAVE)).to.equal(1);
      second!.remove();
      await waitUntil(async () => (await followed(sim, ALICE)).length === 2, 'Carol is let go', SERVICE_WAIT);
      expect(await followed(sim, ALICE)).to.have.members([ALICE, DAVE]);
      expect(provider.state.following.get(DAVE)?.status).to.equal('followed');
      expect(await provider.session!.unsubscribe(DAVE)).to.equal(1);
      expect(await followed(sim, ALICE)).to.deep.equal([ALICE]);
      expect(await provider.session!.unsubscribe(ALICE)).to.equal(1);
      expect(await followed(sim, ALICE)).to.deep.equal([ALICE], "the session's own line stays followed");
    });

    it('lets its lines go when it leaves the page with a redraw on its way', async () => {
      const { root, provider } = await page(html`<keyyo-line-board numbers="7702"></keyyo-line-board>`);
      const board = root.querySelector('keyyo-line-board')!;
      await waitUntil(() => status(board, CAROL) === 'Free');
      board.requestUpdate();
      board.remove();
      await board.updateComplete;
      await waitUntil(() => !provider.state.following.has(CAROL), 'nothing on the page needs Carol');
      await waitUntil(async () => !(await followed(sim, ALICE)).includes(CAROL), 'Carol is let go', SERVICE_WAIT);
    });

    it("takes up the session's subscriptions after a reload, and keeps them through a reconnection", async () => {
      const cookie = `team-${Math.random().toString(36).slice(2)}`;
      const first = await page(html`<keyyo-line-board numbers="7702"></keyyo-line-board>`, { cookie });
      await waitUntil(async () => (await followed(sim, ALICE)).includes(CAROL), 'Carol followed', SERVICE_WAIT);
      const sessionId = first.provider.session!.session_id;
      // The page goes away; the session waits on the service.
      first.provider.remove();

      const sent: string[] = [];
      const send = WebSocket.prototype.send;
      WebSocket.prototype.send = function (data) {
        sent.push(String(data));
        return send.call(this, data);
      };
      try {
        const { root, provider } = await page(html`<keyyo-line-board numbers="7702, 7703"></keyyo-line-board>`, { cookie });
        const board = root.querySelector('keyyo-line-board')!;
        expect(provider.session!.session_id).to.equal(sessionId, 'the same session');
        await waitUntil(() => status(board, CAROL) === 'Free' && status(board, DAVE) === 'Free');
        const subscribed = sent.flatMap((frame) => (JSON.parse(frame) as string[]).map((message) => JSON.parse(message))).filter((message) => message.action === 'subscribe');
        expect(subscribed.map((message) => message.number)).to.deep.equal([DAVE], 'Carol was followed already');

        const back = oneEvent(provider, 'keyyo-status-change');
        await sim.request('POST', '/sim/faults/disconnect', { mode: 'drop' });
        await back;
        await waitUntil(() => provider.status === 'connected', 'reconnected', { timeout: 5000 });
        await sim.call(BOB, DAVE);
        await waitUntil(() => status(board, DAVE).startsWith('Ringing: Bob Martin'), 'Dave is followed after the reconnection');
        expect(await followed(sim, ALICE)).to.have.members([ALICE, CAROL, DAVE]);
        await sim.phone(BOB, 'hangup');

        // The service forgets the session: a new one follows the board's lines again.
        const recreated = oneEvent(provider, 'keyyo-status-change');
        await sim.request('DELETE', `/sim/sessions/${provider.session!.session_id}`);
        await provider
          .session!.ping()
          .then(() => provider.session!.get_auto_answer())
          .catch(() => {});
        await recreated;
        await waitUntil(() => provider.status === 'connected' && provider.session!.session_id !== sessionId, 'a new session', { timeout: 5000 });
        await waitUntil(async () => (await followed(sim, ALICE)).length === 3, 'Carol and Dave followed in the new session', { timeout: 5000 });
        expect(await followed(sim, ALICE)).to.have.members([ALICE, CAROL, DAVE]);
        await sim.call(BOB, CAROL);
        await waitUntil(() => status(board, CAROL).startsWith('Ringing: Bob Martin'));
      } finally {
        WebSocket.prototype.send = send;
      }
    });

    it('calls a colleague, and transfers the current call to a colleague, blind or after consulting them', async () => {
      const { root, provider } = await page(html`<keyyo-line-board .lines=${[{ number: '7702', name: 'Carol' }, { number: DAVE }, { number: ALICE }]}></keyyo-line-board>`);
      const board = root.querySelector('keyyo-line-board')!;
      await waitUntil(() => status(board, CAROL) === 'Free' && status(board, ALICE) === 'Free');
      expect(clean(row(board, ALICE)!.querySelector('.name')!.textContent)).to.equal('7701 (you)');
      expect(row(board, ALICE)!.querySelectorAll('button'), "nothing to do on one's own line").to.have.length(0);
      expect(rowButton(board, CAROL, 'Transfer'), 'no call to transfer').to.be.undefined;

      const request = oneEvent(board, 'keyyo-dial-request');
      rowButton(board, CAROL, 'Call')!.click();
      expect((await request).detail).to.deep.equal({ number: CAROL, source: 'line-board' });
      await waitUntil(() => status(board, CAROL).startsWith('Ringing: 7701') && status(board, ALICE).startsWith('Calling Carol'));
      await sim.phone(CAROL, 'hangup');

      // Bob calls Alice; she answers: the rows offer to transfer him.
      await sim.call(BOB, ALICE);
      await waitUntil(() => provider.state.current?.state === 'SETUP');
      await sim.phone(ALICE, 'answer');
      await waitUntil(() => rowButton(board, CAROL, 'Transfer') && rowButton(board, DAVE, 'Consult'));
      expect(rowButton(board, CAROL, 'Transfer')!.getAttribute('aria-label')).to.equal('Transfer to Carol');
      rowButton(board, CAROL, 'Transfer')!.click();
      await board.updateComplete;
      expect(rowButton(board, CAROL, 'Transfer')!.getAttribute('aria-busy')).to.equal('true');
      expect(rowButton(board, DAVE, 'Transfer')!.getAttribute('aria-disabled'), 'one command at a time on a call').to.equal('true');
      await waitUntil(() => status(board, CAROL).startsWith('Ringing: Bob Martin') && status(board, ALICE) === 'Free', 'Bob rings Carol');
      expect(rowButton(board, DAVE, 'Transfer'), 'Alice has no call left').to.be.undefined;
      await sim.phone(CAROL, 'hangup');

      // Again, consulting Dave first: Bob talks with Dave once Dave answers.
      await sim.call(BOB, ALICE);
      await sim.phone(ALICE, 'answer');
      await waitUntil(() => rowButton(board, DAVE, 'Consult'));
      rowButton(board, DAVE, 'Consult')!.click();
      await waitUntil(() => status(board, DAVE).startsWith('Ringing: 7701') && status(board, ALICE) === '2 calls', 'Dave rings while Alice keeps Bob');
      await sim.phone(DAVE, 'answer');
      await waitUntil(() => status(board, DAVE).startsWith('In conversation with Bob Martin') && status(board, ALICE) === 'Free');
      await sim.phone(DAVE, 'hangup');

      // A transfer the service refuses says so on its row, and to the page.
      await sim.call(BOB, ALICE);
      await sim.phone(ALICE, 'answer');
      await waitUntil(() => rowButton(board, CAROL, 'Transfer'));
      await sim.request('DELETE', `/sim/sessions/${provider.session!.session_id}`);
      const failed = oneEvent(board, 'keyyo-error');
      rowButton(board, CAROL, 'Transfer')!.click();
      expect((await failed).detail.error.error_code).to.equal('invalid_session_id');
      await waitUntil(() => clean(row(board, CAROL)!.querySelector('.message')?.textContent) === 'The phone session ended: reconnecting…');
    });

    it("offers on each row what makes sense for it: nothing for a colleague who rings or talks; and Merge never joins colleagues' calls", async () => {
      const { root, provider } = await page(html`
        <keyyo-line-board numbers="7702, 7703, 7704"></keyyo-line-board>
        <keyyo-call-actions></keyyo-call-actions>
      `);
      const board = root.querySelector('keyyo-line-board')!;
      const actions = root.querySelector('keyyo-call-actions')!;
      const labels = () => [...actions.shadowRoot!.querySelectorAll('.actions button')].map((button) => clean(button.textContent));
      const buttons = (number: string) => [...(row(board, number)?.querySelectorAll('button') ?? [])].map((button) => clean(button.textContent));
      await waitUntil(() => [CAROL, DAVE, EMMA].every((number) => status(board, number) === 'Free'));
      expect(buttons(EMMA)).to.deep.equal(['Call'], 'no call in progress: nothing to transfer');

      // Carol and Dave talk to each other, followed by the board.
      await sim.call(CAROL, DAVE);
      await waitUntil(() => status(board, DAVE).startsWith('Ringing'));
      expect(buttons(DAVE), 'ringing').to.deep.equal([]);
      await sim.phone(DAVE, 'answer');
      await waitUntil(() => status(board, CAROL).startsWith('In conversation') && status(board, DAVE).startsWith('In conversation'));
      expect(buttons(CAROL), 'in conversation').to.deep.equal([]);

      // Bob calls Alice and she answers: her call may go to Emma, and merges with nothing.
      await sim.call(BOB, ALICE);
      await waitUntil(() => provider.state.current?.state === 'SETUP');
      await sim.phone(ALICE, 'answer');
      await waitUntil(() => labels().includes('Transfer'));
      expect(buttons(EMMA)).to.deep.equal(['Call', 'Transfer', 'Consult']);
      expect(buttons(CAROL)).to.deep.equal([]);
      expect(labels(), "Carol and Dave's call is theirs").not.to.include('Merge');

      // A second caller, whom Alice answers too: two calls of her own, which she may merge.
      await sim.call(STRANGER, ALICE);
      await waitUntil(() => provider.state.current?.state === 'SETUP');
      await sim.phone(ALICE, 'answer');
      await waitUntil(() => labels().includes('Merge'), 'Merge with her other call', { timeout: 3000 });
      actions.shadowRoot!.querySelector<HTMLButtonElement>('.merge')!.click();
      await actions.updateComplete;
      const options = [...actions.shadowRoot!.querySelectorAll('option')].map((option) => clean(option.textContent));
      expect(options, 'her call with Bob, and no other').to.deep.equal(['Bob Martin']);
    });

    it('moves between rows with the arrow keys, and finds a colleague among many', async () => {
      const many = Array.from({ length: 20 }, (_, i) => ({ number: `331725880${String(i).padStart(2, '0')}`, name: `Colleague ${i}` }));
      const { root } = await page(html`<keyyo-line-board .lines=${[{ number: CAROL, name: 'Gaëlle' }, ...many]}></keyyo-line-board>`);
      const board = root.querySelector('keyyo-line-board')!;
      await waitUntil(() => status(board, CAROL) === 'Free');
      const calls = () => [...board.shadowRoot!.querySelectorAll<HTMLButtonElement>('.call')];
      expect(
        calls()
          .map((button) => button.tabIndex)
          .filter((index) => index === 0),
      ).to.have.length(1, 'one row in the tab order');
      calls()[0]!.focus();
      await sendKeys({ press: 'ArrowDown' });
      expect(board.shadowRoot!.activeElement).to.equal(calls()[1]);
      await sendKeys({ press: 'End' });
      expect(board.shadowRoot!.activeElement).to.equal(calls()[20]);
      await board.updateComplete;
      expect(calls()[20]!.tabIndex).to.equal(0);

      inner<HTMLInputElement>(board, '[part="filter"]').focus();
      await sendKeys({ type: 'gaelle' });
      await waitUntil(() => board.shadowRoot!.querySelectorAll('.line').length === 1);
      expect(row(board, CAROL)).to.exist;
    });
  });

  describe('<keyyo-call-park>', () => {
    /** Bob calls Alice and she answers: her park offers to park him. */
    async function aliceTalksWithBob(park: KeyyoCallPark) {
      await sim.call(BOB, ALICE);
      await sim.phone(ALICE, 'answer');
      await waitUntil(() => text(park, '.park') === 'Park Bob Martin');
    }

    /** Alice parks Bob in `slot`; whether Carol's page showed it in the
     * frame in which its notification arrived. */
    async function parkIn(alicePark: KeyyoCallPark, carol: KeyyoCtiProvider, carolPark: KeyyoCallPark, slot: string, frame = requestAnimationFrame) {
      const shown = new Promise<boolean>((resolve) => {
        carol.session!.on('newCall', (call) => {
          if (call.callpark_slot === slot && call.active) frame(() => resolve(parkedSlots(carolPark).includes(slot)));
        });
      });
      inner<HTMLInputElement>(alicePark, 'input[name="slot"]').value = slot;
      inner<HTMLButtonElement>(alicePark, '.park').click();
      return shown;
    }

    it('Alice parks Bob in slot 12; Carol, on the same page, sees him in that frame and takes him; Alice sees him leave', async () => {
      const alice = await page(html`<keyyo-call-park></keyyo-call-park>`);
      const carol = await page(html`<keyyo-call-park></keyyo-call-park>`, { line: CAROL });
      const alicePark = alice.root.querySelector('keyyo-call-park')!;
      const carolPark = carol.root.querySelector('keyyo-call-park')!;
      await waitUntil(() => text(alicePark, '.empty') === 'No call is parked' && text(carolPark, '.empty') === 'No call is parked');
      expect(inner(carolPark, '.park').getAttribute('aria-disabled')).to.equal('true');
      expect(text(carolPark, '#park-hint')).to.equal('No call in progress');

      await aliceTalksWithBob(alicePark);
      expect(await parkIn(alicePark, carol.provider, carolPark, '12'), 'shown in the frame its notification arrived in').to.be.true;
      await waitUntil(() => parkedSlots(alicePark).join() === '12');
      expect(text(carolPark, '.party')).to.equal('Bob Martin');
      expect(text(carolPark, '.time')).to.match(/^\d+:\d\d$/);
      expect(inner(carolPark, '.take').getAttribute('aria-label')).to.equal('Take Bob Martin from slot 12');

      inner<HTMLButtonElement>(carolPark, '.take').click();
      await waitUntil(() => parkedSlots(alicePark).length === 0 && parkedSlots(carolPark).length === 0, 'taken: gone from both parks');
      expect(text(alicePark, '.empty')).to.equal('No call is parked');
      const { calls } = await sim.state();
      expect(calls.filter((call: { state: string }) => call.state === 'CONNECT').map((call: { caller: string; callee: string }) => [call.caller, call.callee])).to.deep.equal(
        [[BOB, CAROL]],
        'Bob talks with Carol',
      );
      await sim.phone(BOB, 'hangup');

      // Parked in the first free slot, Bob hangs up while he waits.
      await aliceTalksWithBob(alicePark);
      inner<HTMLButtonElement>(alicePark, '.park').click();
      await waitUntil(() => parkedSlots(carolPark).join() === '1');
      await sim.phone(BOB, 'hangup');
      await waitUntil(() => parkedSlots(alicePark).length === 0 && parkedSlots(carolPark).length === 0, 'a caller who hangs up leaves the park');
    });

    it('refuses a taken or invalid slot before sending, and says why a take failed', async () => {
      const { root, provider } = await page(html`<keyyo-call-park></keyyo-call-park>`);
      const park = root.querySelector('keyyo-call-park')!;
      await aliceTalksWithBob(park);
      inner<HTMLInputElement>(park, 'input[name="slot"]').value = '4';
      inner<HTMLButtonElement>(park, '.park').click();
      await waitUntil(() => parkedSlots(park).join() === '4');
      await sim.call(STRANGER, ALICE);
      await sim.phone(ALICE, 'answer');
      await waitUntil(() => text(park, '.park').startsWith('Park '));
      for (const [slot, reason] of [
        ['04', 'Slot 04 is taken'],
        ['twelve', 'A slot is a whole number'],
      ]) {
        inner<HTMLInputElement>(park, 'input[name="slot"]').value = slot;
        inner<HTMLButtonElement>(park, '.park').click();
        await waitUntil(() => text(park, '.message') === reason, reason);
      }
      expect(parkedSlots(park)).to.deep.equal(['4']);

      await sim.request('DELETE', `/sim/sessions/${provider.session!.session_id}`);
      const failed = oneEvent(park, 'keyyo-error');
      inner<HTMLButtonElement>(park, '.take').click();
      expect((await failed).detail.error.error_code).to.equal('invalid_session_id');
      await waitUntil(() => text(park, '.message') === 'The phone session ended: reconnecting…');
    });

    it("works across two pages: Carol's page in a frame of its own sees the park change in the frame its notification arrives", async () => {
      const alice = await page(html`<keyyo-call-park></keyyo-call-park>`);
      const alicePark = alice.root.querySelector('keyyo-call-park')!;
      const frame = await fixture<HTMLIFrameElement>(html`
        <iframe
          title="Carol's page"
          srcdoc=${`<!doctype html><script type="module">import '/src/define.ts';</script>
            <keyyo-cti-provider endpoint="${sim.endpoint}" no-cookie token="${await sim.token(CAROL)}"><keyyo-call-park></keyyo-call-park></keyyo-cti-provider>`}
        ></iframe>
      `);
      await waitUntil(() => frame.contentDocument?.querySelector('keyyo-cti-provider')?.getAttribute('status') === 'connected', "Carol's page connects", { timeout: 5000 });
      const carol = frame.contentDocument!.querySelector('keyyo-cti-provider') as KeyyoCtiProvider;
      const carolPark = frame.contentDocument!.querySelector('keyyo-call-park') as KeyyoCallPark;
      await waitUntil(() => text(carolPark, '.empty') === 'No call is parked');

      await aliceTalksWithBob(alicePark);
      const carolFrame = (callback: FrameRequestCallback) => frame.contentWindow!.requestAnimationFrame(callback);
      expect(await parkIn(alicePark, carol, carolPark, '12', carolFrame), 'shown in the frame its notification arrived in').to.be.true;
      inner<HTMLButtonElement>(carolPark, '.take').click();
      await waitUntil(() => parkedSlots(alicePark).length === 0 && parkedSlots(carolPark).length === 0);
      await carol.destroy();
    });
  });

  describe('<keyyo-auto-answer>', () => {
    const switchOf = (element: KeyyoAutoAnswer) => inner<HTMLButtonElement>(element, '[role="switch"]');
    const autoAnswerOnService = async () => (await sim.state()).sessions[0].auto_answer;

    it("shows and sets the session's auto-answer, true to the provider's attribute and to changes through the SDK", async () => {
      const { root, provider } = await page(html`<keyyo-auto-answer></keyyo-auto-answer>`, { autoAnswer: false });
      const element = root.querySelector('keyyo-auto-answer')!;
      await waitUntil(() => switchOf(element).getAttribute('aria-disabled') === 'false');
      expect(switchOf(element).getAttribute('aria-checked')).to.equal('false');
      expect(text(element, '.label')).to.equal('Auto-answer');
      expect(await autoAnswerOnService()).to.equal(false);

      switchOf(element).click();
      await waitUntil(async () => (await autoAnswerOnService()) === true, 'auto-answer on at the service', SERVICE_WAIT);
      await waitUntil(() => switchOf(element).getAttribute('aria-checked') === 'true');

      await provider.session!.set_auto_answer(false);
      await waitUntil(() => switchOf(element).getAttribute('aria-checked') === 'false', 'the SDK sets it');
      provider.setAttribute('auto-answer', '');
      await waitUntil(() => switchOf(element).getAttribute('aria-checked') === 'true', 'the attribute sets it');
      expect(await autoAnswerOnService()).to.equal(true);

      switchOf(element).focus();
      await sendKeys({ press: ' ' }); // the space bar, a name every engine's driver knows
      await waitUntil(() => switchOf(element).getAttribute('aria-checked') === 'false', 'the keyboard sets it');
      await waitUntil(async () => (await autoAnswerOnService()) === false, 'auto-answer off at the service', SERVICE_WAIT);
    });

    it('a change made through the SDK while the switch waits for its own reply wins', async () => {
      const { root, provider } = await page(html`<keyyo-auto-answer></keyyo-auto-answer>`, { autoAnswer: false });
      const element = root.querySelector('keyyo-auto-answer')!;
      await waitUntil(() => switchOf(element).getAttribute('aria-disabled') === 'false');
      switchOf(element).click();
      const bySdk = provider.session!.set_auto_answer(false); // sent after the switch's, answered after it
      await bySdk;
      await waitUntil(() => switchOf(element).getAttribute('aria-busy') === 'false');
      await waitUntil(() => switchOf(element).getAttribute('aria-checked') === 'false', 'the last change made shows');
      expect(await autoAnswerOnService()).to.equal(false);
    });

    it("a change the service refuses goes back to the service's value and says why; disabled, with why, while not connected", async () => {
      const { root, provider } = await page(html`<keyyo-auto-answer></keyyo-auto-answer>`);
      const element = root.querySelector('keyyo-auto-answer')!;
      await waitUntil(() => switchOf(element).getAttribute('aria-checked') === 'true');
      await sim.request('DELETE', `/sim/sessions/${provider.session!.session_id}`);
      const failed = oneEvent(element, 'keyyo-error');
      switchOf(element).click();
      await element.updateComplete;
      expect(switchOf(element).getAttribute('aria-checked'), 'the change shows while it is asked').to.equal('false');
      expect(switchOf(element).getAttribute('aria-busy')).to.equal('true');
      expect((await failed).detail.error.error_code).to.equal('invalid_session_id');
      await waitUntil(() => text(element, '.message') === 'The phone session ended: reconnecting…');
      expect(switchOf(element).getAttribute('aria-checked')).to.equal('true');

      const alone = await fixture<KeyyoAutoAnswer>(html`<keyyo-auto-answer></keyyo-auto-answer>`);
      expect(switchOf(alone).getAttribute('aria-disabled')).to.equal('true');
      expect(text(alone, '.description')).to.equal('Not connected');
      switchOf(alone).click();
      expect(switchOf(alone).getAttribute('aria-checked')).to.equal('false');
    });
  });

  describe('<keyyo-message>', () => {
    const field = (element: KeyyoMessage, name: string) => inner<HTMLInputElement>(element, `[name="${name}"]`);
    const write = async (element: KeyyoMessage, name: string, value: string) => {
      const input = field(element, name);
      input.value = value;
      input.dispatchEvent(new InputEvent('input'));
      await element.updateComplete;
    };
    const send = (element: KeyyoMessage) => inner<HTMLButtonElement>(element, '.send').click();

    it("refuses an empty or over-long text and a number that is none before sending; sends to the current call's party", async () => {
      const { root } = await page(html`<keyyo-message></keyyo-message>`);
      const element = root.querySelector('keyyo-message')!;
      send(element);
      await waitUntil(() => text(element, '.message') === 'Write a message first');
      await write(element, 'message', 'x'.repeat(1001));
      expect(text(element, '[part="count"]')).to.equal('1001 / 1000');
      expect(field(element, 'message').getAttribute('aria-invalid')).to.equal('true');
      send(element);
      await waitUntil(() => text(element, '.message') === 'A message holds at most 1000 characters');
      await write(element, 'message', 'Call me back');
      await write(element, 'recipient', '12');
      send(element);
      await waitUntil(() => text(element, '.message').startsWith('Enter a phone number'));
      expect((await sim.state()).messages).to.deep.equal([]);

      // A call: its party fills the recipient in once the field is cleared.
      await write(element, 'recipient', '');
      await sim.call(BOB, ALICE);
      await waitUntil(() => field(element, 'recipient').value === '06 99 00 99 02');
      const sent = oneEvent(element, 'keyyo-message-sent');
      send(element);
      await element.updateComplete;
      expect(text(element, '.send')).to.equal('Sending…');
      expect((await sent).detail).to.deep.equal({ number: BOB, message: 'Call me back' });
      await waitUntil(() => text(element, '.result') === 'Message sent');
      expect(field(element, 'message').value).to.equal('');
      expect((await sim.state()).messages.map(({ from, to, message }: Record<string, string>) => ({ from, to, message }))).to.deep.equal([
        { from: ALICE, to: BOB, message: 'Call me back' },
      ]);

      // The user chose another recipient: the next call leaves it.
      await write(element, 'recipient', '7702');
      await sim.call(STRANGER, ALICE);
      await waitUntil(() => provider(root).state.calls.filter((call) => call.active).length === 2, 'the second call rings', { timeout: 3000 });
      await element.updateComplete;
      expect(field(element, 'recipient').value).to.equal('7702');
      await write(element, 'message', 'x'.repeat(1000));
      const full = oneEvent(element, 'keyyo-message-sent');
      send(element);
      expect((await full).detail.number, 'a full 1000 characters go').to.equal(CAROL);
      expect((await sim.state()).messages[1]).to.include({ to: CAROL, message: 'x'.repeat(1000) });
    });

    it('says when the service fails to send', async () => {
      const { root, provider } = await page(html`<keyyo-message recipient="7702"></keyyo-message>`);
      const element = root.querySelector('keyyo-message')!;
      await write(element, 'message', 'Hello');
      await sim.request('DELETE', `/sim/sessions/${provider.session!.session_id}`);
      const failed = oneEvent(element, 'keyyo-error');
      send(element);
      expect((await failed).detail.error.error_code).to.equal('invalid_session_id');
      await waitUntil(() => text(element, '.message') === 'The phone session ended: reconnecting…');
      expect(text(element, '.result')).to.equal('');
      expect(field(element, 'message').value, 'the text stays, to send again').to.equal('Hello');
    });
  });

  it('shows markup in names and messages as text', async () => {
    const evil = '<img src=x onerror="window.pwned=1">';
    const contacts = new Map<string, Contact>([
      [BOB, { name: `Bob ${evil}` }],
      [CAROL, { name: `Carol ${evil}` }],
    ]);
    const { root } = await page(
      html`<keyyo-line-board .lines=${[{ number: CAROL }, { number: DAVE, name: `Dave ${evil}` }]}></keyyo-line-board>
        <keyyo-call-park></keyyo-call-park>
        <keyyo-message></keyyo-message>`,
      { contacts },
    );
    const board = root.querySelector('keyyo-line-board')!;
    const park = root.querySelector('keyyo-call-park')!;
    const composer = root.querySelector('keyyo-message')!;
    await sim.call(BOB, ALICE);
    await sim.phone(ALICE, 'answer');
    await waitUntil(() => text(park, '.park') === `Park Bob ${evil}`);
    inner<HTMLButtonElement>(park, '.park').click();
    await waitUntil(() => text(park, '.party') === `Bob ${evil}`);
    await waitUntil(() => clean(row(board, CAROL)!.querySelector('.name')!.textContent) === `Carol ${evil}`);
    expect(clean(row(board, DAVE)!.querySelector('.name')!.textContent)).to.equal(`Dave ${evil}`);
    const message = inner<HTMLTextAreaElement>(composer, 'textarea');
    message.value = evil;
    message.dispatchEvent(new InputEvent('input'));
    const input = inner<HTMLInputElement>(composer, 'input');
    input.value = '7702';
    input.dispatchEvent(new InputEvent('input'));
    const sent = oneEvent(composer, 'keyyo-message-sent');
    inner<HTMLButtonElement>(composer, '.send').click();
    expect((await sent).detail.message).to.equal(evil);
    for (const element of [board, park, composer]) expect(element.shadowRoot!.querySelector('img'), element.localName).to.be.null;
    expect((window as { pwned?: number }).pwned).to.be.undefined;
  });

  it('every new element passes axe, light and dark, in use', async () => {
    const { root } = await page(html`
      <keyyo-line-board numbers="7702, 7703, 33145670001, 12, 7701"></keyyo-line-board>
      <keyyo-call-park></keyyo-call-park>
      <keyyo-auto-answer></keyyo-auto-answer>
      <keyyo-message></keyyo-message>
    `);
    const board = root.querySelector('keyyo-line-board')!;
    const park = root.querySelector('keyyo-call-park')!;
    await sim.call(STRANGER, ALICE);
    await sim.phone(ALICE, 'answer');
    await waitUntil(() => text(park, '.park').startsWith('Park '), 'the park offers to park the call');
    inner<HTMLButtonElement>(park, '.park').click();
    await sim.call(BOB, ALICE);
    await sim.phone(ALICE, 'answer');
    await waitUntil(() => parkedSlots(park).length === 1 && rowButton(board, CAROL, 'Consult') && status(board, ZOE) === 'The phone service cannot follow this line');
    // Rows with buttons (Zoe's) and without (ringing, calling) both checked.
    await sim.call(DAVE, CAROL);
    await waitUntil(() => status(board, CAROL).startsWith('Ringing') && status(board, DAVE).startsWith('Calling'));
    // Light and dark where the runner can emulate them, else the engine's own scheme.
    for (const scheme of canEmulateColorScheme ? (['light', 'dark'] as const) : [undefined]) {
      if (scheme) await emulateMedia({ colorScheme: scheme });
      for (const element of root.querySelectorAll('keyyo-line-board, keyyo-call-park, keyyo-auto-answer, keyyo-message')) {
        await expect(element).to.be.accessible();
      }
    }
  });

  it("every new element is in custom-elements.json with its API, and in the README's reference", async () => {
    const manifest = await (await fetch('/custom-elements.json')).json();
    const readme = await (await fetch('/README.md')).text();
    const declarations = manifest.modules.flatMap((module: { declarations?: object[] }) => module.declarations ?? []);
    const expected = {
      'keyyo-line-board': {
        attributes: ['numbers', 'invite-timer'],
        events: ['keyyo-dial-request', 'keyyo-error'],
        parts: ['line', 'button', 'presence', 'status'],
        properties: ['--keyyo-line-board-background'],
      },
      'keyyo-call-park': { attributes: [], events: ['keyyo-error'], parts: ['parked', 'take', 'slot', 'form'], properties: ['--keyyo-call-park-background'] },
      'keyyo-auto-answer': { attributes: [], events: ['keyyo-error'], parts: ['switch', 'label', 'description'], properties: ['--keyyo-auto-answer-on-color'] },
      'keyyo-message': {
        attributes: ['recipient'],
        events: ['keyyo-message-sent', 'keyyo-error'],
        parts: ['recipient', 'text', 'count', 'send'],
        properties: ['--keyyo-message-background'],
      },
    };
    for (const [tag, api] of Object.entries(expected)) {
      const element = declarations.find((declaration: { tagName?: string }) => declaration.tagName === tag);
      expect(element, tag).to.exist;
      const names = (list?: { name: string }[]) => (list ?? []).map((item) => item.name);
      expect(names(element.attributes), tag).to.include.members(api.attributes);
      expect(names(element.events), tag).to.include.members(api.events);
      expect(names(element.cssParts), tag).to.include.members(api.parts);
      expect(names(element.cssProperties), tag).to.include.members(api.properties);
      expect(readme, tag).to.include(`### \`<${tag}>\``);
      for (const part of api.parts) expect(readme, `${tag} ${part}`).to.include(`| \`${part}\` |`);
    }
  });
});

const provider = (root: Element) => root.querySelector('keyyo-cti-provider') as KeyyoCtiProvider;
