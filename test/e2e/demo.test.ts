// The demo as a newcomer plays it: `npm start`'s server, Alice's page and
// Bob's phone in each engine (Chromium, Firefox, WebKit; `BROWSERS` picks
// some), clicked and typed as a person would. Screenshots of the main steps
// go to test-output/e2e/<engine>/.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { describeEngines, selectedEngines } from '../../scripts/browsers.mjs';
import { launch, type Browser, type Tab } from './tabs.js';

// What ran, first, so that a failure report says it.
console.log(`End to end in ${describeEngines().join('; ')}`);

for (const engine of selectedEngines()) {
  describe(`demo (npm start) in ${engine}`, () => {
    let server: ChildProcess;
    let url: string;
    let browser: Browser;

    before(async () => {
      server = spawn(process.execPath, ['--import', 'tsx', 'demo/start.ts', '--port', '0'], { env: { ...process.env, PORT: '' } });
      url = await new Promise<string>((resolve, reject) => {
        let output = '';
        server.stdout!.on('data', (chunk) => {
          output += chunk;
          const match = /open (http:\/\/\S+)\//.exec(output);
          if (match) resolve(match[1]!);
        });
        server.on('exit', (code) => reject(new Error(`npm start exited (${code}): ${output}`)));
      });
      browser = await launch(engine, new URL(`../../test-output/e2e/${engine}/`, import.meta.url).pathname);
    });

    after(async () => {
      await browser?.close();
      server?.kill();
    });

    const open = (path: string) => browser.open(url + path);
    /** The text at a selector that may cross shadow roots (`a >>> b`). */
    const textAt = async (page: Tab, selector: string) => (await page.texts(selector))[0] ?? '';
    async function waitText(page: Tab, selector: string, expected: RegExp): Promise<string> {
      const deadline = Date.now() + 8000;
      for (;;) {
        const text = await textAt(page, selector);
        if (expected.test(text)) return text;
        if (Date.now() > deadline) throw new Error(`${selector}: "${text}" does not match ${expected}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    /** Buttons that just appeared take a person's press after a moment. */
    const settle = () => new Promise((resolve) => setTimeout(resolve, 1100));

    const ALICE = '33172587701';
    const BOB = '33699009902';
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    interface SimState {
      sessions: { session_id: string; number: string; sockets: number }[];
    }
    const simState = async () => (await (await fetch(`${url}/sim/state`)).json()) as SimState;
    /** Until no tab holds a socket on Alice's line: a tab left open by an
     * earlier test would lead the tabs of the next one. */
    async function noSocket(): Promise<void> {
      for (const deadline = Date.now() + 8000; ; await sleep(100)) {
        const { sessions } = await simState();
        if (!sessions.some((session) => session.number === ALICE && session.sockets > 0)) return;
        if (Date.now() > deadline) assert.fail(`a tab of Alice's is still connected: ${JSON.stringify(sessions)}`);
      }
    }

    const connected = (page: Tab) => page.waitFor(() => document.querySelector('keyyo-cti-provider')?.getAttribute('status') === 'connected');
    const CARD = 'keyyo-softphone >>> keyyo-call-actions';
    const LIST = 'keyyo-softphone >>> keyyo-call-list';

    it('Alice calls Bob from the softphone, Bob picks up, Bob hangs up, her page sees it end', async () => {
      const alice = await open('/');
      await connected(alice);
      const bob = await open('/bob.html');
      await bob.waitFor(() => document.getElementById('phone-status')?.textContent === 'Idle');
      await alice.front();

      // Alice types Bob's number in the softphone and calls.
      await alice.click('keyyo-softphone >>> keyyo-dialer >>> input');
      await alice.type('06 99 00 99 02');
      await alice.press('Enter');
      await waitText(alice, `${CARD} >>> .state`, /^Ringing/);
      await waitText(alice, `${CARD} >>> .party`, /^Bob Martin$/);
      await waitText(alice, `${LIST} >>> .meta`, /Outgoing · Ringing/);
      await alice.screenshot('1-softphone-ringing-bob');

      // Bob's phone rings; he answers.
      await bob.front();
      await bob.waitFor(() => document.getElementById('phone-status')!.textContent!.startsWith('Ringing: Alice'));
      await bob.screenshot('2-bob-rings');
      await bob.click('#answer');
      await bob.waitFor(() => document.getElementById('phone-status')!.textContent!.startsWith('In conversation with Alice'));

      await alice.front();
      await waitText(alice, `${CARD} >>> .state`, /^In conversation/);
      assert.deepEqual((await alice.texts(`${CARD} >>> .actions button`)).slice(0, 3), ['Hang up', 'Transfer', 'Supervised transfer']);
      await alice.waitFor(() => /Bob Martin[\s\S]*In conversation[\s\S]*Martin & Fils/.test(document.getElementById('contact')!.textContent!));
      await alice.screenshot('3-softphone-talking-with-bob');

      // Bob hangs up; Alice's page sees the call end.
      await bob.front();
      await bob.click('#hangup');
      await alice.front();
      await waitText(alice, `${CARD} >>> .state`, /^Ended/);
      await waitText(alice, `${LIST} >>> .meta`, /Outgoing · Ended/);
      assert.match(await alice.evaluate(() => document.getElementById('contact')!.textContent!), /Call ended/);
      await alice.screenshot('4-softphone-bob-hung-up');
      await alice.close();
      await bob.close();
    });

    it('Bob calls Alice, she answers from the softphone with no other click, sees the call, and hangs up from it', async () => {
      const alice = await open('/');
      await connected(alice);
      const bob = await open('/bob.html');
      await bob.waitFor(() => document.getElementById('call')!.hidden === false);
      await bob.click('#call');
      await bob.waitFor(() => document.getElementById('phone-status')!.textContent!.startsWith('Calling Alice'));

      await alice.front();
      await waitText(alice, `${CARD} >>> .actions`, /^Answer Reject/);
      await waitText(alice, `${CARD} >>> .party`, /^Bob Martin$/);
      // The CRM opens Bob's card on the screen pop.
      await alice.waitFor(() => /Bob Martin[\s\S]*Calling you · Ringing/.test(document.getElementById('contact')!.textContent!));
      await alice.screenshot('5-softphone-bob-calls-alice');
      await settle();
      await alice.click(`${CARD} >>> button`, 'Answer');
      await waitText(alice, `${CARD} >>> .state`, /^In conversation/);
      await waitText(alice, `${LIST} >>> .meta`, /Incoming · In conversation/);
      await alice.screenshot('6-softphone-alice-answered');

      await bob.front();
      await bob.waitFor(() => document.getElementById('phone-status')!.textContent!.startsWith('In conversation with Alice'));
      await alice.front();
      await settle();
      await alice.click(`${CARD} >>> button`, 'Hang up');
      await waitText(alice, `${CARD} >>> .state`, /^Ended/);
      await alice.screenshot('7-softphone-alice-hung-up');
      await bob.front();
      await bob.waitFor(() => document.getElementById('phone-status')!.textContent === 'Idle');
      await alice.close();
      await bob.close();
    });

    it("a number on Alice's page calls with one click; an extension is dialled without it, and says so", async () => {
      const alice = await open('/');
      await connected(alice);
      /** Follows a link as a person would: a click, or in WebKit the keyboard
       * (WebKitWebDriver's pointer lands a line above a small inline link once
       * the page has scrolled, so the mouse misses it there). */
      const follow = async (selector: string) => {
        if (engine !== 'webkit') return alice.click(selector);
        await alice.evaluate((selector: string) => document.querySelector<HTMLElement>(selector)!.focus(), selector);
        await alice.press('Enter');
      };
      await follow('#directory a[href="tel:7702"]');
      await waitText(alice, `${CARD} >>> .party`, /^Carol Dubois$/);
      await waitText(alice, `${CARD} >>> .state`, /^Ringing/);
      assert.equal(await alice.evaluate(() => location.pathname), '/', 'the page stays');
      await alice.screenshot('13-click-to-call-carol');
      await settle();
      await alice.click(`${CARD} >>> button`, 'Hang up');
      await waitText(alice, `${CARD} >>> .state`, /^(Missed|Ended)/);

      await follow('#directory a[href$="ext=12"]');
      await waitText(alice, 'keyyo-softphone >>> keyyo-dialer >>> .message', /^Calling \+33699009902; not dialled: ext=12$/);
      await waitText(alice, `${CARD} >>> .party`, /^Bob Martin$/);
      await alice.screenshot('14-click-to-call-extension');
      await settle();
      await alice.click(`${CARD} >>> button`, 'Hang up');
      await waitText(alice, `${CARD} >>> .state`, /^(Missed|Ended)/);
      await alice.close();
    });

    it("Alice's board and park follow her colleagues, played on the team page; she parks Bob and takes him back", async () => {
      const alice = await open('/');
      await connected(alice);
      const BOARD = 'keyyo-line-board';
      const row = (number: string) => `${BOARD} >>> [data-number="${number}"] .status`;
      await waitText(alice, row('33172587707'), /^Free$/);
      await waitText(alice, `${BOARD} >>> [data-number="33172587706"] .name`, /^Gaëlle Lefèvre$/);
      const team = await open('/team.html');
      await team.waitFor(() => document.querySelectorAll('.team-phone').length === 6);
      /** A button of a colleague's phone, by the colleague's name (Call rings Hugo). */
      const teamPress = async (name: string, label: string) => {
        const find = (name: string, label: string) => {
          const card = [...document.querySelectorAll('.team-phone')].find((each) => each.querySelector('h2')!.textContent === name);
          return card && [...card.querySelectorAll('button')].some((b) => !b.hidden && b.textContent === label);
        };
        await team.waitFor(find, name, label);
        await team.evaluate(
          (name: string, label: string) => {
            const card = [...document.querySelectorAll('.team-phone')].find((each) => each.querySelector('h2')!.textContent === name)!;
            const select = card.querySelector('select')!;
            if (label === 'Call') select.value = [...select.options].find((option) => option.text === 'Hugo')!.value;
            [...card.querySelectorAll('button')].find((b) => !b.hidden && b.textContent === label)!.click();
          },
          name,
          label,
        );
      };

      // Gaëlle calls Hugo; Hugo answers.
      await teamPress('Gaëlle', 'Call');
      await waitText(alice, row('33172587706'), /^Calling Hugo Bernard/);
      await waitText(alice, row('33172587707'), /^Ringing: Gaëlle Lefèvre/);
      await team.screenshot('15-team-gaelle-calls-hugo');
      await teamPress('Hugo', 'Answer');
      await waitText(alice, row('33172587707'), /^In conversation with Gaëlle Lefèvre · \d+:\d\d$/);
      await alice.front();
      await alice.screenshot('16-board-hugo-talks-with-gaelle');

      // Bob calls Alice; she answers and parks him in slot 12.
      await fetch(`${url}/sim/calls`, { method: 'POST', body: JSON.stringify({ from: '33699009902', to: '33172587701' }) });
      await waitText(alice, `${CARD} >>> .actions`, /^Answer Reject/);
      await settle();
      await alice.click(`${CARD} >>> button`, 'Answer');
      await waitText(alice, 'keyyo-call-park >>> .park', /^Park Bob Martin$/);
      await waitText(alice, `${BOARD} >>> [data-number="33172587702"] .actions`, /Transfer Consult/);
      await alice.click('keyyo-call-park >>> input');
      await alice.type('12');
      await settle();
      await alice.click('keyyo-call-park >>> button', 'Park Bob Martin');
      await waitText(alice, 'keyyo-call-park >>> .parked', /^12 Bob Martin 06 99 00 99 02 \d+:\d\d Take$/);
      const bob = await open('/bob.html');
      await bob.waitFor(() => document.getElementById('phone-status')!.textContent === 'Waiting in the call park, slot 12');
      await alice.front();
      await alice.screenshot('17-park-bob-in-slot-12');

      // She takes him back: he talks with her again.
      await settle();
      await alice.click('keyyo-call-park >>> button', 'Take');
      await waitText(alice, 'keyyo-call-park >>> .empty', /^No call is parked$/);
      await waitText(alice, `${CARD} >>> .state`, /^In conversation/);
      await fetch(`${url}/sim/phones/33699009902/hangup`, { method: 'POST' });
      await teamPress('Hugo', 'Hang up');
      await waitText(alice, row('33172587707'), /^Free$/);
      for (const page of [alice, team, bob]) await page.close();
    });

    it('the separate elements play a call ringing in with no selection, and the floating phone opens for it', async () => {
      const alice = await open('/elements.html');
      await connected(alice);
      await fetch(`${url}/sim/calls`, { method: 'POST', body: JSON.stringify({ from: '33699009902', to: '33172587701' }) });
      await waitText(alice, 'keyyo-call-actions >>> .actions', /^Answer Reject/);
      await waitText(alice, 'keyyo-call-list >>> .party', /^Bob Martin$/);
      await alice.screenshot('8-elements-ringing');
      await settle();
      await alice.click('keyyo-call-actions >>> button', 'Reject');
      await waitText(alice, 'keyyo-call-list >>> .meta', /Incoming · Missed/);
      await alice.close();

      const floating = await open('/?floating');
      await connected(floating);
      assert.equal(await floating.evaluate(() => document.querySelector('keyyo-softphone')!.shadowRoot!.querySelector<HTMLElement>('.panel')!.hidden), true);
      await floating.screenshot('9-floating-closed');
      await fetch(`${url}/sim/calls`, { method: 'POST', body: JSON.stringify({ from: '33699009902', to: '33172587701' }) });
      await floating.waitFor(() => document.querySelector('keyyo-softphone')!.shadowRoot!.querySelector<HTMLElement>('.panel')!.hidden === false);
      await waitText(floating, `${CARD} >>> .party`, /^Bob Martin$/);
      await floating.screenshot('10-floating-ringing');
      await fetch(`${url}/sim/phones/33699009902/hangup`, { method: 'POST' });
      await floating.close();
    });

    it('runs the 1.1 documentation samples on the drop-in script', async () => {
      const page = await open('/samples.html');
      const run = async (title: string, expected: RegExp) => {
        await page.click('button', `Run "${title}"`);
        await page.waitFor(
          (title, source) => {
            const section = [...document.querySelectorAll('.sample')].find((s) => s.querySelector('h2')!.textContent === title)!;
            return new RegExp(source).test(section.querySelector('.output')!.textContent!);
          },
          title,
          expected.source,
        );
      };
      await run('Create session', /^connected/);
      await run('Get subscriptions', /33172587701/);
      await run('Dial number', /^1/);
      await run('Get calls', /"callee":"33699009902"/);
      await run('Hang up', /^1/);
      await run('Destroy session', /^logout/);
      await page.screenshot('11-samples');
      await page.close();
    });

    it('works inside React: properties from React, DOM events handled by React', async () => {
      const page = await open('/react.html');
      await page.waitFor(() => document.querySelector('header p')?.textContent === 'Status: connected');
      await fetch(`${url}/sim/calls`, { method: 'POST', body: JSON.stringify({ from: '33699009902', to: '33172587701' }) });
      await page.waitFor(() => document.querySelector('.react-log li')?.textContent === 'setup: 33699009902');
      await page.select('.react-filter select', 'missed');
      await page.waitFor(() => document.querySelector('keyyo-call-list')!.getAttribute('filter') === 'missed');
      // The ringing call is not among the missed ones (the list may show
      // missed calls of earlier pages: the provider keeps the line's history).
      await page.waitFor(
        () =>
          !document.querySelector('keyyo-call-list')!.shadowRoot!.querySelector('.call.active') &&
          document.querySelector('keyyo-call-list')!.shadowRoot!.querySelector('.list, .empty'),
      );
      await fetch(`${url}/sim/phones/33699009902/hangup`, { method: 'POST' });
      await page.waitFor(() => document.querySelector('.react-log li')?.textContent === 'missed: 33699009902');
      await page.screenshot('12-react');
      await page.close();
    });

    it("Alice's CRM in three tabs holds one connection; the tab holding it closes while Bob calls, and she answers from another tab", async () => {
      /** Until Alice's line holds exactly one socket, on this session (a
       * socket of a tab just closed takes a moment to be gone). */
      async function oneSocket(sessionId: string, when: string): Promise<void> {
        for (const deadline = Date.now() + 8000; ; await sleep(100)) {
          const { sessions } = await simState();
          const open = sessions.filter((session) => session.number === ALICE && session.sockets > 0);
          if (open.length === 1 && open[0]!.sockets === 1 && open[0]!.session_id === sessionId) return;
          if (Date.now() > deadline) assert.fail(`${when}, Alice's line should hold one socket, on ${sessionId}: ${JSON.stringify(sessions)}`);
        }
      }
      /** What a tab's provider says, and what its page heard since it loaded. */
      interface Seen {
        status: string;
        connected: boolean;
        leading: boolean;
        sessionId: string;
        current: { callref: string; state: string } | null;
        heard: { type: string; callref: string }[];
        statuses: string[];
      }
      const seen = (tab: Tab) =>
        tab.evaluate((): Seen => {
          const provider = document.querySelector('keyyo-cti-provider') as any;
          const current = provider.state.current;
          const page = window as any;
          return {
            status: provider.status,
            connected: provider.session?.connected,
            leading: provider.session?.leading,
            sessionId: provider.session?.session_id,
            current: current ? { callref: current.callref, state: current.state } : null,
            heard: page.keyyoHeard,
            statuses: page.keyyoStatuses,
          };
        });
      const count = (tab: Seen, type: string, callref: string) => tab.heard.filter((event) => event.type === type && event.callref === callref).length;
      const says = (tabs: Seen[]) => JSON.stringify(tabs, null, 1);
      /** What each tab says, one tab after the other. */
      const seenIn = async (tabs: Tab[]) => {
        const all: Seen[] = [];
        for (const tab of tabs) all.push(await seen(tab));
        return all;
      };
      /** Until a function of the page returns something true, saying what
       * the tab shows when it does not. */
      async function until<A extends unknown[]>(tab: Tab, what: string, fn: (...args: A) => unknown, ...args: A): Promise<void> {
        for (const deadline = Date.now() + 8000; !(await tab.evaluate(fn, ...args)); await sleep(50)) {
          if (Date.now() > deadline) assert.fail(`${what}: ${says([await seen(tab)])}`);
        }
      }

      const opened: Tab[] = [];
      const close = async (tab: Tab) => {
        opened.splice(opened.indexOf(tab), 1);
        await tab.close();
      };
      try {
        await noSocket();
        // Three tabs of her CRM, each recording the page's events from the moment it loaded.
        for (let i = 0; i < 3; i++) {
          const tab = await open('/');
          opened.push(tab);
          await tab.evaluate(() => {
            const page = window as any;
            page.keyyoHeard = [];
            page.keyyoStatuses = [];
            for (const type of ['keyyo-screen-pop', 'keyyo-call-setup', 'keyyo-call-connect', 'keyyo-call-release', 'keyyo-call-missed']) {
              document.addEventListener(type, (event) => page.keyyoHeard.push({ type, callref: (event as CustomEvent).detail.call.callref }), true);
            }
            document.addEventListener('keyyo-status-change', (event) => page.keyyoStatuses.push((event as CustomEvent).detail.status), true);
          });
        }
        const tabs = [...opened];
        for (const tab of tabs) await until(tab, 'each tab connects', () => document.querySelector('keyyo-cti-provider')?.getAttribute('status') === 'connected');
        // Each engine tested has both, across its windows (else each tab would hold a socket of its own).
        for (const tab of tabs) assert.equal(await tab.evaluate(() => typeof BroadcastChannel === 'function' && Boolean(navigator.locks)), true, 'Web Locks and BroadcastChannel');
        let all = await seenIn(tabs);
        const sessionId = all[0]!.sessionId;
        assert.ok(sessionId, says(all));
        assert.deepEqual(
          all.map((tab) => tab.sessionId),
          [sessionId, sessionId, sessionId],
          'one session in every tab',
        );
        assert.equal(all.filter((tab) => tab.leading).length, 1, `one tab leads: ${says(all)}`);
        await oneSocket(sessionId, 'With three tabs');

        // Bob calls Alice: every tab rings; the CRM pops Bob's card in one of them.
        const { callref } = (await (await fetch(`${url}/sim/calls`, { method: 'POST', body: JSON.stringify({ from: BOB, to: ALICE }) })).json()) as { callref: string };
        for (const tab of tabs) {
          await waitText(tab, `${CARD} >>> .actions`, /^Answer Reject/);
          await until(tab, 'the call rings in every tab', (callref: string) => (document.querySelector('keyyo-cti-provider') as any).state.current?.callref === callref, callref);
        }
        await tabs[0]!.screenshot('18-three-tabs-ringing');
        const pops = async () => (await seenIn(tabs)).map((tab) => count(tab, 'keyyo-screen-pop', callref));
        for (const deadline = Date.now() + 8000; !(await pops()).some(Boolean); await sleep(50)) if (Date.now() > deadline) assert.fail('no tab popped the call');
        // Past every tab's claim (1 s at most after its look-up): a second pop would show by now.
        await sleep(2000);
        all = await seenIn(tabs);
        assert.deepEqual(all.map((tab) => count(tab, 'keyyo-screen-pop', callref)).sort(), [0, 0, 1], `one screen pop across the tabs: ${says(all)}`);
        for (const tab of all) assert.deepEqual(tab.current, { callref, state: 'SETUP' });

        // The tab holding the connection closes while the call rings: one of
        // the two others takes it over.
        const leader = all.findIndex((tab) => tab.leading);
        const rest = tabs.filter((_, index) => index !== leader);
        const before = all.filter((_, index) => index !== leader);
        await close(tabs[leader]!);
        for (const deadline = Date.now() + 8000; ; await sleep(50)) {
          all = await seenIn(rest);
          if (all.filter((tab) => tab.leading).length === 1 && all.every((tab) => tab.connected)) break;
          if (Date.now() > deadline) assert.fail(`another tab should take the connection over: ${says(all)}`);
        }
        assert.deepEqual(
          all.map((tab) => tab.sessionId),
          [sessionId, sessionId],
          `the same session in both tabs: ${says(all)}`,
        );
        assert.equal(all.filter((tab) => tab.leading).length, 1, `one tab leads: ${says(all)}`);
        await oneSocket(sessionId, 'Once the leading tab closed');
        for (const tab of rest) {
          await waitText(tab, `${CARD} >>> .actions`, /^Answer Reject/);
          assert.deepEqual((await seen(tab)).current, { callref, state: 'SETUP' });
        }

        // Alice answers in the tab that follows the new leader; Bob hangs up.
        const answering = rest[all.findIndex((tab) => !tab.leading)]!;
        await answering.front();
        await settle();
        await answering.click(`${CARD} >>> button`, 'Answer');
        for (const tab of rest) await waitText(tab, `${CARD} >>> .state`, /^In conversation/);
        await answering.screenshot('19-answered-after-the-leading-tab-closed');
        await fetch(`${url}/sim/phones/${BOB}/hangup`, { method: 'POST' });
        for (const tab of rest) await waitText(tab, `${CARD} >>> .state`, /^Ended/);
        for (const tab of rest) {
          await until(
            tab,
            'each tab hears the call end',
            (callref: string) => (window as any).keyyoHeard.some((event: any) => event.type === 'keyyo-call-release' && event.callref === callref),
            callref,
          );
        }
        await sleep(500);
        all = await seenIn(rest);
        for (const [index, tab] of all.entries()) {
          const heard = Object.fromEntries(['keyyo-call-setup', 'keyyo-call-connect', 'keyyo-call-release', 'keyyo-call-missed'].map((type) => [type, count(tab, type, callref)]));
          assert.deepEqual(heard, { 'keyyo-call-setup': 1, 'keyyo-call-connect': 1, 'keyyo-call-release': 1, 'keyyo-call-missed': 0 }, `what a tab heard: ${says([tab])}`);
          assert.equal(count(tab, 'keyyo-screen-pop', callref), count(before[index]!, 'keyyo-screen-pop', callref), `no screen pop after the takeover: ${says([tab])}`);
        }
        await oneSocket(sessionId, 'After the call');
        for (const tab of rest) await close(tab);
      } finally {
        // Whatever happened, no call rings on and no tab stays for the next tests.
        await fetch(`${url}/sim/phones/${BOB}/hangup`, { method: 'POST' }).catch(() => {});
        for (const tab of opened) await tab.close().catch(() => {});
      }
    });

    /** A call record as the demo's CRM keeps it (what these tests read of it). */
    interface Logged {
      id: string;
      line: string;
      callref: string;
      direction: string;
      party: { number: string };
      contact?: { name: string };
      outcome: string;
      talkSeconds: number;
      wrapUp?: { notes: string; disposition?: string; status: string };
    }
    /** The records of one call on the CRM's server (`/api/call-log`). */
    const logged = async (callref: string) => ((await (await fetch(`${url}/api/call-log?number=${BOB}`)).json()) as Logged[]).filter((record) => record.callref === callref);
    /** Until the CRM's server holds a record of the call. */
    async function untilLogged(callref: string, within: number): Promise<Logged[]> {
      for (const deadline = Date.now() + within; ; await sleep(100)) {
        const records = await logged(callref);
        if (records.length) return records;
        if (Date.now() > deadline) assert.fail(`no record of ${callref} reached /api/call-log within ${within / 1000} s`);
      }
    }
    const WRAP_UP = 'keyyo-softphone >>> keyyo-call-wrap-up';
    const PENDING = 'keyyo-softphone >>> .pending-logs';
    const MISSED_BADGE = 'keyyo-softphone >>> #tab-missed .badge';

    it("three tabs of Alice's CRM log Bob's call once: one wrap-up form, one record on the CRM's server, on the contact's activity with her notes", async () => {
      const NOTES = 'Wants a quote for 40 phones';
      const opened: Tab[] = [];
      try {
        await noSocket();
        for (let i = 0; i < 3; i++) {
          const tab = await open('/');
          opened.push(tab);
          // What each page is told was logged, from the moment it loaded.
          await tab.evaluate(() => {
            const page = window as any;
            page.keyyoLogged = [];
            document.addEventListener('keyyo-call-logged', (event) => page.keyyoLogged.push((event as CustomEvent).detail.record.id), true);
          });
        }
        for (const tab of opened) await connected(tab);
        const { callref } = (await (await fetch(`${url}/sim/calls`, { method: 'POST', body: JSON.stringify({ from: BOB, to: ALICE }) })).json()) as { callref: string };
        for (const tab of opened) await waitText(tab, `${CARD} >>> .actions`, /^Answer Reject/);

        // Alice answers in the middle tab, talks, and hangs up there.
        const alice = opened[1]!;
        await alice.front();
        await settle();
        await alice.click(`${CARD} >>> button`, 'Answer');
        for (const tab of opened) await waitText(tab, `${CARD} >>> .state`, /^In conversation/);
        await settle();
        await alice.click(`${CARD} >>> button`, 'Hang up');
        for (const tab of opened) await waitText(tab, `${CARD} >>> .state`, /^Ended/);

        // One tab asks for the wrap-up: the record is built a second after
        // the end and claimed within a second; past both, a second form would show.
        const headings = async () => {
          const found: string[] = [];
          for (const tab of opened) found.push(await textAt(tab, `${WRAP_UP} >>> .heading`));
          return found;
        };
        for (const deadline = Date.now() + 8000; !(await headings()).some(Boolean); await sleep(100)) {
          if (Date.now() > deadline) assert.fail('no tab shows the wrap-up form');
        }
        await sleep(2500);
        const forms = await headings();
        assert.equal(forms.filter(Boolean).length, 1, `one wrap-up form across the tabs: ${JSON.stringify(forms)}`);
        assert.match(forms.find(Boolean)!, /^Wrap-up: call with Bob Martin, \d+:\d\d$/);
        assert.deepEqual(await logged(callref), [], 'nothing is logged before the wrap-up');

        // She picks an outcome, writes a note and saves.
        const wrapping = opened[forms.findIndex(Boolean)]!;
        await wrapping.front();
        await settle();
        await wrapping.select(`${WRAP_UP} >>> select`, 'Sale');
        await wrapping.click(`${WRAP_UP} >>> textarea`);
        await wrapping.type(NOTES);
        await wrapping.screenshot('20-wrap-up-after-bob');
        await wrapping.click(`${WRAP_UP} >>> button`, 'Save');

        // The CRM's server holds one record of the call, with the notes.
        const [record] = await untilLogged(callref, 8000);
        assert.match(record!.id, new RegExp(`^${ALICE}-\\d+-`));
        assert.deepEqual(
          { line: record!.line, direction: record!.direction, party: record!.party.number, contact: record!.contact?.name, outcome: record!.outcome, wrapUp: record!.wrapUp },
          { line: ALICE, direction: 'inbound', party: BOB, contact: 'Bob Martin', outcome: 'answered', wrapUp: { notes: NOTES, disposition: 'Sale', status: 'saved' } },
        );
        // Past any other tab's claim and delivery: still one, announced in one tab, none waiting.
        await sleep(2000);
        assert.equal((await logged(callref)).length, 1, 'one record of the call');
        const announced: string[] = [];
        for (const tab of opened) announced.push(...(await tab.evaluate(() => (window as any).keyyoLogged as string[])));
        assert.deepEqual(
          announced.filter((id) => id === record!.id),
          [record!.id],
          'keyyo-call-logged once across the tabs',
        );
        for (const tab of opened) assert.deepEqual(await tab.texts(PENDING), [], 'no log waits');

        // Bob's card shows the call on its activity timeline, with her notes.
        await wrapping.waitFor((notes: string) => document.getElementById('timeline')!.textContent!.includes(notes), NOTES);
        const [what, notes] = await wrapping.texts('#timeline li:first-child p');
        assert.match(what!, /^Call · inbound · .+ · 0:\d\d$/);
        assert.equal(notes, `Sale: ${NOTES}`);
        await wrapping.screenshot('21-activity-timeline-with-notes');
      } finally {
        await fetch(`${url}/sim/phones/${BOB}/hangup`, { method: 'POST' }).catch(() => {});
        for (const tab of opened) await tab.close().catch(() => {});
      }
    });

    it("the CRM's server down while a call ends, then back: the log waits through a reload, which keeps the history and the missed count, and arrives once", async () => {
      const NOTES = 'Call Bob back about the quote';
      const outage = async (down?: boolean) =>
        (await (await fetch(`${url}/api/call-log/outage`, down === undefined ? {} : { method: 'POST', body: JSON.stringify({ down }) })).json()) as {
          down: boolean;
          refused: number;
        };
      await noSocket();
      const alice = await open('/');
      try {
        await connected(alice);
        // The missed calls of earlier tests marked as seen: the count starts from none.
        if ((await alice.texts('keyyo-softphone >>> .clear')).length) {
          await settle();
          await alice.click('keyyo-softphone >>> .clear');
        }
        await alice.waitFor(() => !document.querySelector('keyyo-softphone')!.shadowRoot!.querySelector('#tab-missed .badge'));
        const { refused } = await outage(true);

        // Bob calls and gives up before Alice answers: a missed call.
        const { callref } = (await (await fetch(`${url}/sim/calls`, { method: 'POST', body: JSON.stringify({ from: BOB, to: ALICE }) })).json()) as { callref: string };
        await waitText(alice, `${CARD} >>> .actions`, /^Answer Reject/);
        await fetch(`${url}/sim/phones/${BOB}/hangup`, { method: 'POST' });
        await waitText(alice, MISSED_BADGE, /^1$/);
        await waitText(alice, `${WRAP_UP} >>> .heading`, /^Wrap-up: missed call from Bob Martin$/);
        await settle();
        await alice.click(`${WRAP_UP} >>> textarea`);
        await alice.type(NOTES);
        await alice.click(`${WRAP_UP} >>> button`, 'Save');

        // The CRM refuses it: it waits, and the phone says so.
        await waitText(alice, PENDING, /^Call logs waiting to be sent: 1$/);
        for (const deadline = Date.now() + 8000; (await outage()).refused === refused; await sleep(100)) {
          if (Date.now() > deadline) assert.fail('the provider never tried to deliver the log');
        }
        assert.deepEqual(await logged(callref), []);
        await alice.screenshot('22-call-log-waits-while-the-crm-is-down');

        // A reload keeps the ended call, the missed count and the record waiting.
        await alice.reload();
        await connected(alice);
        await waitText(alice, `${LIST} >>> [data-callref="${callref}"] .meta`, /Incoming · Missed/);
        await waitText(alice, MISSED_BADGE, /^1$/);
        await waitText(alice, PENDING, /^Call logs waiting to be sent: 1$/);
        assert.deepEqual(await alice.texts(`${WRAP_UP} >>> .heading`), [], 'a wrap-up saved does not come back');
        await alice.screenshot('23-history-after-reload');

        // The CRM back: the record arrives with its notes, once, and nothing waits.
        await outage(false);
        const started = Date.now();
        await untilLogged(callref, 30_000);
        console.log(`The log arrived ${((Date.now() - started) / 1000).toFixed(1)} s after the CRM came back (${(await outage()).refused - refused} deliveries refused)`);
        await alice.waitFor(() => !document.querySelector('keyyo-softphone')!.shadowRoot!.querySelector('.pending-logs'));
        await sleep(2000);
        const records = await logged(callref);
        assert.equal(records.length, 1, 'one record of the call');
        assert.deepEqual(
          { outcome: records[0]!.outcome, talkSeconds: records[0]!.talkSeconds, wrapUp: records[0]!.wrapUp },
          { outcome: 'missed', talkSeconds: 0, wrapUp: { notes: NOTES, status: 'saved' } },
        );
      } finally {
        await outage(false).catch(() => {});
        await fetch(`${url}/sim/phones/${BOB}/hangup`, { method: 'POST' }).catch(() => {});
        await alice.close();
        // Chromium reports each POST refused as a console error: those of the outage are expected.
        for (let index = browser.problems.length - 1; index >= 0; index--) {
          if (/status of 503 \(Service Unavailable\) \(http:\S+\/api\/call-log\)$/.test(browser.problems[index]!)) browser.problems.splice(index, 1);
        }
      }
    });

    it("signs in as a colleague from the page's header: the phone connects on Carol's line, her board shows the others", async () => {
      const page = await open('/');
      await connected(page);
      await page.waitFor(() => document.querySelectorAll('#user option').length === 7);
      await page.select('#user', '7702');
      await page.click('.sign-in button');
      await page.waitFor(() => document.getElementById('user-name')?.textContent === 'Carol');
      await connected(page);
      const seen = await page.evaluate(() => ({
        line: (document.querySelector('keyyo-cti-provider') as any).session?.number,
        header: document.getElementById('user-line')!.textContent,
        board: document.querySelector('keyyo-line-board')!.getAttribute('numbers'),
      }));
      assert.deepEqual(seen, { line: '33172587702', header: '7702', board: '7701, 7703, 7704, 7705, 7706, 7707' });
      await page.screenshot('signed-in-as-carol');
      // Back to Alice, for whoever comes next.
      await page.select('#user', '7701');
      await page.click('.sign-in button');
      await page.waitFor(() => document.getElementById('user-name')?.textContent === 'Alice');
      await connected(page);
      await page.close();
    });

    it('shows no console error and no CSP violation on any page', () => {
      assert.deepEqual(browser.problems, []);
    });
  });
}
