// The demo as a newcomer plays it: `npm start`'s server, Alice's page and
// Bob's phone in Chromium, clicked and typed as a person would. Screenshots
// of the main steps go to test-output/e2e/.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { chromiumPath } from '../../scripts/chromium.mjs';

const OUTPUT = new URL('../../test-output/e2e/', import.meta.url).pathname;

describe('demo (npm start)', () => {
  let server: ChildProcess;
  let url: string;
  let browser: Browser;
  const problems: string[] = [];

  before(async () => {
    mkdirSync(OUTPUT, { recursive: true });
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
    browser = await puppeteer.launch({
      executablePath: chromiumPath(),
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  after(async () => {
    await browser?.close();
    server?.kill();
  });

  /** A page that records console errors and CSP violations. */
  async function open(path: string): Promise<Page> {
    const page = await browser.newPage();
    await page.setViewport({ width: 1000, height: 720 });
    page.on('console', (message) => message.type() === 'error' && problems.push(`${path}: ${message.text()}`));
    page.on('pageerror', (error) => problems.push(`${path}: ${error}`));
    await page.evaluateOnNewDocument(() => document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.violatedDirective}`)));
    await page.goto(url + path);
    return page;
  }

  /** The text at a selector that may cross shadow roots (`a >>> b`). */
  const textAt = async (page: Page, selector: string) =>
    ((await page.$(selector).then((handle) => handle?.evaluate((element) => element.textContent))) ?? '').replace(/\s+/g, ' ').trim();
  async function waitText(page: Page, selector: string, expected: RegExp): Promise<string> {
    const deadline = Date.now() + 8000;
    for (;;) {
      const text = await textAt(page, selector);
      if (expected.test(text)) return text;
      if (Date.now() > deadline) throw new Error(`${selector}: "${text}" does not match ${expected}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  /** A person's click on the button with this label. */
  async function press(page: Page, scope: string, label: string): Promise<void> {
    const buttons = await page.$$(`${scope} >>> button`);
    for (const button of buttons) {
      if ((await button.evaluate((element) => element.textContent!.trim())) === label) return button.click();
    }
    throw new Error(`no button "${label}" in ${scope}`);
  }
  /** Buttons that just appeared take a person's press after a moment. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 1100));

  const connected = (page: Page) => page.waitForFunction(() => document.querySelector('keyyo-cti-provider')?.getAttribute('status') === 'connected', { timeout: 8000 });
  const CARD = 'keyyo-softphone >>> keyyo-call-actions';
  const LIST = 'keyyo-softphone >>> keyyo-call-list';

  it('Alice calls Bob from the softphone, Bob picks up, Bob hangs up, her page sees it end', async () => {
    const alice = await open('/');
    await connected(alice);
    const bob = await open('/bob.html');
    await bob.waitForFunction(() => document.getElementById('phone-status')?.textContent === 'Idle');
    await alice.bringToFront();

    // Alice types Bob's number in the softphone and calls.
    await (await alice.$('keyyo-softphone >>> keyyo-dialer >>> input'))!.click();
    await alice.keyboard.type('06 99 00 99 02');
    await alice.keyboard.press('Enter');
    await waitText(alice, `${CARD} >>> .state`, /^Ringing/);
    await waitText(alice, `${CARD} >>> .party`, /^Bob Martin$/);
    await waitText(alice, `${LIST} >>> .meta`, /Outgoing · Ringing/);
    await alice.screenshot({ path: `${OUTPUT}1-softphone-ringing-bob.png` });

    // Bob's phone rings; he answers.
    await bob.bringToFront();
    await bob.waitForFunction(() => document.getElementById('phone-status')!.textContent!.startsWith('Ringing: Alice'), { timeout: 5000 });
    await bob.screenshot({ path: `${OUTPUT}2-bob-rings.png` });
    await bob.click('#answer');
    await bob.waitForFunction(() => document.getElementById('phone-status')!.textContent!.startsWith('In conversation with Alice'));

    await alice.bringToFront();
    await waitText(alice, `${CARD} >>> .state`, /^In conversation/);
    assert.deepEqual(await alice.$$eval(`${CARD} >>> .actions button`, (buttons) => buttons.map((b) => b.textContent!.trim()).slice(0, 3)), [
      'Hang up',
      'Transfer',
      'Supervised transfer',
    ]);
    await alice.waitForFunction(() => /Bob Martin[\s\S]*In conversation[\s\S]*Martin & Fils/.test(document.getElementById('contact')!.textContent!));
    await alice.screenshot({ path: `${OUTPUT}3-softphone-talking-with-bob.png` });

    // Bob hangs up; Alice's page sees the call end.
    await bob.bringToFront();
    await bob.click('#hangup');
    await alice.bringToFront();
    await waitText(alice, `${CARD} >>> .state`, /^Ended/);
    await waitText(alice, `${LIST} >>> .meta`, /Outgoing · Ended/);
    assert.match(await alice.$eval('#contact', (element) => element.textContent!), /Call ended/);
    await alice.screenshot({ path: `${OUTPUT}4-softphone-bob-hung-up.png` });
    await alice.close();
    await bob.close();
  });

  it('Bob calls Alice, she answers from the softphone with no other click, sees the call, and hangs up from it', async () => {
    const alice = await open('/');
    await connected(alice);
    const bob = await open('/bob.html');
    await bob.waitForFunction(() => document.getElementById('call')!.hidden === false);
    await bob.click('#call');
    await bob.waitForFunction(() => document.getElementById('phone-status')!.textContent!.startsWith('Calling Alice'));

    await alice.bringToFront();
    await waitText(alice, `${CARD} >>> .actions`, /^Answer Reject/);
    await waitText(alice, `${CARD} >>> .party`, /^Bob Martin$/);
    // The CRM opens Bob's card on the screen pop.
    await alice.waitForFunction(() => /Bob Martin[\s\S]*Calling you · Ringing/.test(document.getElementById('contact')!.textContent!));
    await alice.screenshot({ path: `${OUTPUT}5-softphone-bob-calls-alice.png` });
    await settle();
    await press(alice, CARD, 'Answer');
    await waitText(alice, `${CARD} >>> .state`, /^In conversation/);
    await waitText(alice, `${LIST} >>> .meta`, /Incoming · In conversation/);
    await alice.screenshot({ path: `${OUTPUT}6-softphone-alice-answered.png` });

    await bob.bringToFront();
    await bob.waitForFunction(() => document.getElementById('phone-status')!.textContent!.startsWith('In conversation with Alice'));
    await alice.bringToFront();
    await settle();
    await press(alice, CARD, 'Hang up');
    await waitText(alice, `${CARD} >>> .state`, /^Ended/);
    await alice.screenshot({ path: `${OUTPUT}7-softphone-alice-hung-up.png` });
    await bob.bringToFront();
    await bob.waitForFunction(() => document.getElementById('phone-status')!.textContent === 'Idle');
    await alice.close();
    await bob.close();
  });

  it("a number on Alice's page calls with one click; an extension is dialled without it, and says so", async () => {
    const alice = await open('/');
    await connected(alice);
    await alice.click('#directory a[href="tel:7702"]');
    await waitText(alice, `${CARD} >>> .party`, /^Carol Dubois$/);
    await waitText(alice, `${CARD} >>> .state`, /^Ringing/);
    assert.equal(alice.url(), url + '/', 'the page stays');
    await alice.screenshot({ path: `${OUTPUT}13-click-to-call-carol.png` });
    await settle();
    await press(alice, CARD, 'Hang up');
    await waitText(alice, `${CARD} >>> .state`, /^(Missed|Ended)/);

    await alice.click('#directory a[href$="ext=12"]');
    await waitText(alice, 'keyyo-softphone >>> keyyo-dialer >>> .message', /^Calling \+33699009902; not dialled: ext=12$/);
    await waitText(alice, `${CARD} >>> .party`, /^Bob Martin$/);
    await alice.screenshot({ path: `${OUTPUT}14-click-to-call-extension.png` });
    await settle();
    await press(alice, CARD, 'Hang up');
    await waitText(alice, `${CARD} >>> .state`, /^(Missed|Ended)/);
    await alice.close();
  });

  it('the separate elements play a call ringing in with no selection, and the floating phone opens for it', async () => {
    const alice = await open('/elements.html');
    await connected(alice);
    await fetch(`${url}/sim/calls`, { method: 'POST', body: JSON.stringify({ from: '33699009902', to: '33172587701' }) });
    await waitText(alice, 'keyyo-call-actions >>> .actions', /^Answer Reject/);
    await waitText(alice, 'keyyo-call-list >>> .party', /^Bob Martin$/);
    await alice.screenshot({ path: `${OUTPUT}8-elements-ringing.png` });
    await settle();
    await press(alice, 'keyyo-call-actions', 'Reject');
    await waitText(alice, 'keyyo-call-list >>> .meta', /Incoming · Missed/);
    await alice.close();

    const floating = await open('/?floating');
    await connected(floating);
    assert.equal(await floating.$eval('keyyo-softphone >>> .panel', (panel) => (panel as HTMLElement).hidden), true);
    await floating.screenshot({ path: `${OUTPUT}9-floating-closed.png` });
    await fetch(`${url}/sim/calls`, { method: 'POST', body: JSON.stringify({ from: '33699009902', to: '33172587701' }) });
    await floating.waitForSelector('keyyo-softphone >>> .panel:not([hidden])');
    await waitText(floating, `${CARD} >>> .party`, /^Bob Martin$/);
    await floating.screenshot({ path: `${OUTPUT}10-floating-ringing.png` });
    await fetch(`${url}/sim/phones/33699009902/hangup`, { method: 'POST' });
    await floating.close();
  });

  it("Alice's board and park follow her colleagues, played on the team page; she parks Bob and takes him back", async () => {
    const alice = await open('/');
    await connected(alice);
    const BOARD = 'keyyo-line-board';
    const row = (number: string) => `${BOARD} >>> [data-number="${number}"] .status`;
    await waitText(alice, row('33172587707'), /^Free$/);
    await waitText(alice, `${BOARD} >>> [data-number="33172587706"] .name`, /^Gaëlle Lefèvre$/);
    const team = await open('/team.html');
    await team.waitForFunction(() => document.querySelectorAll('.team-phone').length === 6);
    /** A button of a colleague's phone, by the colleague's name. */
    const teamPress = async (name: string, label: string) => {
      await team.waitForFunction(
        (name, label) =>
          [...document.querySelectorAll('.team-phone')].some(
            (card) => card.querySelector('h2')!.textContent === name && [...card.querySelectorAll('button')].some((b) => !b.hidden && b.textContent === label),
          ),
        {},
        name,
        label,
      );
      await team.evaluate(
        (name, label) => {
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
    await team.screenshot({ path: `${OUTPUT}13-team-gaelle-calls-hugo.png` });
    await teamPress('Hugo', 'Answer');
    await waitText(alice, row('33172587707'), /^In conversation with Gaëlle Lefèvre · \d+:\d\d$/);
    await alice.bringToFront();
    await alice.screenshot({ path: `${OUTPUT}14-board-hugo-talks-with-gaelle.png` });

    // Bob calls Alice; she answers and parks him in slot 12.
    await fetch(`${url}/sim/calls`, { method: 'POST', body: JSON.stringify({ from: '33699009902', to: '33172587701' }) });
    await waitText(alice, `${CARD} >>> .actions`, /^Answer Reject/);
    await settle();
    await press(alice, CARD, 'Answer');
    await waitText(alice, 'keyyo-call-park >>> .park', /^Park Bob Martin$/);
    await waitText(alice, `${BOARD} >>> [data-number="33172587702"] .actions`, /Transfer Consult/);
    await (await alice.$('keyyo-call-park >>> input'))!.type('12');
    await settle();
    await press(alice, 'keyyo-call-park', 'Park Bob Martin');
    await waitText(alice, 'keyyo-call-park >>> .parked', /^12 Bob Martin 0699009902 \d+:\d\d Take$/);
    const bob = await open('/bob.html');
    await bob.waitForFunction(() => document.getElementById('phone-status')!.textContent === 'Waiting in the call park, slot 12');
    await alice.bringToFront();
    await alice.screenshot({ path: `${OUTPUT}15-park-bob-in-slot-12.png` });

    // She takes him back: he talks with her again.
    await settle();
    await press(alice, 'keyyo-call-park', 'Take');
    await waitText(alice, 'keyyo-call-park >>> .empty', /^No call is parked$/);
    await waitText(alice, `${CARD} >>> .state`, /^In conversation/);
    await fetch(`${url}/sim/phones/33699009902/hangup`, { method: 'POST' });
    await teamPress('Hugo', 'Hang up');
    await waitText(alice, row('33172587707'), /^Free$/);
    for (const page of [alice, team, bob]) await page.close();
  });

  it('runs the 1.1 documentation samples on the drop-in script', async () => {
    const page = await open('/samples.html');
    const run = async (title: string, expected: RegExp) => {
      await page.evaluate((title) => {
        const button = [...document.querySelectorAll('button')].find((b) => b.textContent === `Run "${title}"`)!;
        button.click();
      }, title);
      await page.waitForFunction(
        (title, source) => {
          const section = [...document.querySelectorAll('.sample')].find((s) => s.querySelector('h2')!.textContent === title)!;
          return new RegExp(source).test(section.querySelector('.output')!.textContent!);
        },
        { timeout: 5000 },
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
    await page.screenshot({ path: `${OUTPUT}11-samples.png`, fullPage: true });
    await page.close();
  });

  it('works inside React: properties from React, DOM events handled by React', async () => {
    const page = await open('/react.html');
    await page.waitForFunction(() => document.querySelector('header p')?.textContent === 'Status: connected', { timeout: 8000 });
    await fetch(`${url}/sim/calls`, { method: 'POST', body: JSON.stringify({ from: '33699009902', to: '33172587701' }) });
    await page.waitForFunction(() => document.querySelector('.react-log li')?.textContent === 'setup: 33699009902', { timeout: 5000 });
    await page.select('.react-filter select', 'missed');
    await page.waitForFunction(() => document.querySelector('keyyo-call-list')!.getAttribute('filter') === 'missed');
    await waitText(page, 'keyyo-call-list >>> .empty', /No missed calls/);
    await fetch(`${url}/sim/phones/33699009902/hangup`, { method: 'POST' });
    await page.waitForFunction(() => document.querySelector('.react-log li')?.textContent === 'missed: 33699009902', { timeout: 5000 });
    await page.screenshot({ path: `${OUTPUT}12-react.png` });
    await page.close();
  });

  it('shows no console error and no CSP violation on any page', () => {
    assert.deepEqual(problems, []);
  });
});
