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
    await page.evaluateOnNewDocument(() =>
      document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.violatedDirective}`)),
    );
    await page.goto(url + path);
    return page;
  }

  /** Visible text of a part of an element, through its shadow root. */
  const shadowText = (page: Page, tag: string, selector: string) =>
    page.evaluate(
      (tag, selector) => document.querySelector(tag)?.shadowRoot?.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
      tag,
      selector,
    );
  const waitText = (page: Page, tag: string, selector: string, expected: RegExp) =>
    page.waitForFunction(
      (tag, selector, source) =>
        new RegExp(source).test(document.querySelector(tag)?.shadowRoot?.querySelector(selector)?.textContent?.replace(/\s+/g, ' ') ?? ''),
      { timeout: 8000 },
      tag,
      selector,
      expected.source,
    );
  const clickIn = (page: Page, tag: string, label: string) =>
    page.evaluate(
      (tag, label) => {
        const button = [...document.querySelector(tag)!.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.trim() === label);
        if (!button) throw new Error(`no button "${label}" in ${tag}`);
        button.click();
      },
      tag,
      label,
    );

  it('Alice calls Bob from her browser, Bob picks up, Bob hangs up, her page sees it end', async () => {
    const alice = await open('/');
    await alice.waitForFunction(() => document.querySelector('keyyo-cti-provider')?.getAttribute('status') === 'connected', { timeout: 8000 });
    const bob = await open('/bob.html');
    await bob.waitForFunction(() => document.getElementById('phone-status')?.textContent === 'Idle');
    await alice.bringToFront();

    // Alice types Bob's number on the keypad of the dialer and calls.
    await alice.evaluate(() => (document.querySelector('keyyo-dialer')!.shadowRoot!.querySelector('input') as HTMLInputElement).focus());
    await alice.keyboard.type('06 99 00 99 02');
    await alice.keyboard.press('Enter');
    await waitText(alice, 'keyyo-call-list', '.meta', /Outgoing · Ringing/);
    await alice.waitForFunction(() => document.getElementById('contact')!.textContent!.includes('Bob Martin'));
    await alice.screenshot({ path: `${OUTPUT}1-alice-calls-bob.png` });

    // Bob's phone rings; he answers.
    await bob.bringToFront();
    await bob.waitForFunction(() => document.getElementById('phone-status')!.textContent!.startsWith('Ringing: Alice'), { timeout: 5000 });
    await bob.screenshot({ path: `${OUTPUT}2-bob-rings.png` });
    await bob.click('#answer');
    await bob.waitForFunction(() => document.getElementById('phone-status')!.textContent!.startsWith('In conversation with Alice'));

    await alice.bringToFront();
    await waitText(alice, 'keyyo-call-list', '.meta', /Outgoing · In conversation/);
    const card = await alice.$eval('#contact', (element) => element.textContent!);
    assert.match(card, /Bob Martin[\s\S]*In conversation[\s\S]*Martin & Fils/);
    await alice.screenshot({ path: `${OUTPUT}3-alice-talks-with-bob.png` });

    // Bob hangs up; Alice's page sees the call end.
    await bob.bringToFront();
    await bob.click('#hangup');
    await alice.bringToFront();
    await waitText(alice, 'keyyo-call-list', '.meta', /Outgoing · Ended/);
    assert.match(await alice.$eval('#contact', (element) => element.textContent!), /Call ended/);
    await alice.screenshot({ path: `${OUTPUT}4-bob-hung-up.png` });
    await alice.close();
    await bob.close();
  });

  it('Bob calls Alice, she answers, sees the call in her browser, and hangs up from it', async () => {
    const alice = await open('/');
    await alice.waitForFunction(() => document.querySelector('keyyo-cti-provider')?.getAttribute('status') === 'connected', { timeout: 8000 });
    const bob = await open('/bob.html');
    await bob.waitForFunction(() => document.getElementById('call')!.hidden === false);
    await bob.click('#call');
    await bob.waitForFunction(() => document.getElementById('phone-status')!.textContent!.startsWith('Calling Alice'));

    await alice.bringToFront();
    await waitText(alice, 'keyyo-call-list', '.meta', /Incoming · Ringing/);
    await alice.waitForFunction(() => document.getElementById('contact')!.textContent!.includes('Calling you'));
    await alice.evaluate(() => (document.querySelector('keyyo-call-list')!.shadowRoot!.querySelector('[role="option"]') as HTMLElement).click());
    await waitText(alice, 'keyyo-call-actions', '.actions', /Answer/);
    await alice.screenshot({ path: `${OUTPUT}5-bob-calls-alice.png` });
    await clickIn(alice, 'keyyo-call-actions', 'Answer');
    await waitText(alice, 'keyyo-call-list', '.meta', /Incoming · In conversation/);
    assert.match(await shadowText(alice, 'keyyo-call-actions', '.summary'), /In conversation/);
    await alice.screenshot({ path: `${OUTPUT}6-alice-answered.png` });

    await bob.bringToFront();
    await bob.waitForFunction(() => document.getElementById('phone-status')!.textContent!.startsWith('In conversation with Alice'));
    await alice.bringToFront();
    await clickIn(alice, 'keyyo-call-actions', 'Hang up');
    await waitText(alice, 'keyyo-call-list', '.meta', /Incoming · Ended/);
    await alice.screenshot({ path: `${OUTPUT}7-alice-hung-up.png` });
    await bob.bringToFront();
    await bob.waitForFunction(() => document.getElementById('phone-status')!.textContent === 'Idle');
    await alice.close();
    await bob.close();
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
    await page.screenshot({ path: `${OUTPUT}8-samples.png`, fullPage: true });
    await page.close();
  });

  it('works inside React: properties from React, DOM events handled by React', async () => {
    const page = await open('/react.html');
    await page.waitForFunction(() => document.querySelector('header p')?.textContent === 'Status: connected', { timeout: 8000 });
    await fetch(`${url}/sim/calls`, { method: 'POST', body: JSON.stringify({ from: '33699009902', to: '33172587701' }) });
    await page.waitForFunction(() => document.querySelector('.react-log li')?.textContent === 'setup: 33699009902', { timeout: 5000 });
    await page.select('.react-filter select', 'missed');
    await page.waitForFunction(() => document.querySelector('keyyo-call-list')!.getAttribute('filter') === 'missed');
    await waitText(page, 'keyyo-call-list', '.empty', /No missed calls/);
    await fetch(`${url}/sim/phones/33699009902/hangup`, { method: 'POST' });
    await page.waitForFunction(() => document.querySelector('.react-log li')?.textContent === 'missed: 33699009902', { timeout: 5000 });
    await page.screenshot({ path: `${OUTPUT}9-react.png` });
    await page.close();
  });

  it('shows no console error and no CSP violation on any page', () => {
    assert.deepEqual(problems, []);
  });
});
