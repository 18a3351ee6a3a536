// The demo as a newcomer plays it: `npm start`'s server, Alice's page and
// Bob's phone in each engine (Chromium, Firefox, WebKit; `BROWSERS` picks
// some), clicked and typed as a person would. Screenshots of the main steps
// go to test-output/e2e/<engine>/.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { selectedEngines } from '../../scripts/browsers.mjs';
import { launch, type Browser, type Tab } from './tabs.js';

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
      await waitText(alice, 'keyyo-call-park >>> .parked', /^12 Bob Martin 0699009902 \d+:\d\d Take$/);
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
      await waitText(page, 'keyyo-call-list >>> .empty', /No missed calls/);
      await fetch(`${url}/sim/phones/33699009902/hangup`, { method: 'POST' });
      await page.waitFor(() => document.querySelector('.react-log li')?.textContent === 'missed: 33699009902');
      await page.screenshot('12-react');
      await page.close();
    });

    it('shows no console error and no CSP violation on any page', () => {
      assert.deepEqual(browser.problems, []);
    });
  });
}
