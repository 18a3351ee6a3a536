// The demo's pages in one engine, driven alike whatever drives it: Chromium
// and Firefox through puppeteer (Firefox over WebDriver BiDi), WebKit through
// WebKitWebDriver with webdriverio. A selector crosses into shadow roots with
// `>>>`: `keyyo-softphone >>> keyyo-dialer >>> input` is the input in the
// shadow root of the dialer, itself in the softphone's.
import { mkdirSync } from 'node:fs';
import puppeteer, { type Page } from 'puppeteer-core';
import { remote } from 'webdriverio';
import { chromiumPath, FIREFOX_PATH, firefoxPuppeteer, keyActions, startWebKit, tolerantPage, type Engine } from '../../scripts/browsers.mjs';

/** One page of the demo, open in its own tab. */
export interface Tab {
  /** The texts of the elements at a selector, white space collapsed. */
  texts(selector: string): Promise<string[]>;
  /** A person's click on the element at a selector, or on the first of them whose text is `label`. */
  click(selector: string, label?: string): Promise<void>;
  /** Runs a function in the page (it sees nothing of the test's scope). */
  evaluate<A extends unknown[], T>(fn: (...args: A) => T, ...args: A): Promise<T>;
  /** Until a function of the page returns something true, within 8 s. */
  waitFor<A extends unknown[]>(fn: (...args: A) => unknown, ...args: A): Promise<void>;
  /** A person types on the keyboard (`Enter` presses that key). */
  type(text: string): Promise<void>;
  press(key: 'Enter'): Promise<void>;
  /** Chooses the option of this value in a `<select>`. */
  select(selector: string, value: string): Promise<void>;
  /** Loads the page again, as a person pressing F5. */
  reload(): Promise<void>;
  /** Puts the page in front, as a person switching tabs. */
  front(): Promise<void>;
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

export interface Browser {
  /** A new tab at this address. */
  open(url: string): Promise<Tab>;
  /** Console errors, uncaught errors and CSP violations of every tab, with
   * the address of its page (and of the resource a network error was about). */
  readonly problems: string[];
  close(): Promise<void>;
}

const WAIT_MS = 8000;
const VIEWPORT = { width: 1000, height: 720 };
const clean = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();

export async function launch(engine: Engine, screenshots: string): Promise<Browser> {
  mkdirSync(screenshots, { recursive: true });
  return engine === 'webkit' ? launchWebKit(screenshots) : launchPuppeteer(engine, screenshots);
}

async function launchPuppeteer(engine: 'chromium' | 'firefox', screenshots: string): Promise<Browser> {
  const browser = await (engine === 'firefox' ? firefoxPuppeteer() : puppeteer).launch(
    engine === 'firefox'
      ? { browser: 'firefox', executablePath: FIREFOX_PATH, headless: true }
      : {
          executablePath: chromiumPath(),
          headless: true,
          args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
        },
  );
  const problems: string[] = [];
  const tab = (page: Page): Tab => ({
    texts: (selector) => page.$$eval(selector, (elements) => elements.map((element) => element.textContent ?? '')).then((texts) => texts.map(clean)),
    async click(selector, label) {
      for (const element of await page.$$(selector)) {
        if (label === undefined || clean(await element.evaluate((node) => node.textContent)) === label) return element.click();
      }
      throw new Error(`nothing at ${selector}${label === undefined ? '' : ` says "${label}"`}`);
    },
    evaluate: (fn, ...args) => page.evaluate(fn as (...args: unknown[]) => any, ...args),
    waitFor: (fn, ...args) => page.waitForFunction(fn as (...args: unknown[]) => unknown, { timeout: WAIT_MS, polling: 50 }, ...args).then(() => undefined),
    type: (text) => page.keyboard.type(text),
    press: (key) => page.keyboard.press(key),
    select: (selector, value) => page.select(selector, value).then(() => undefined),
    reload: () => page.reload().then(() => undefined),
    front: () => page.bringToFront(),
    screenshot: (name) => page.screenshot({ path: `${screenshots}${name}.png`, fullPage: true }).then(() => undefined),
    close: () => page.close(),
  });
  return {
    problems,
    async open(url) {
      const page = tolerantPage(await browser.newPage());
      await page.setViewport(VIEWPORT);
      page.on('console', (message) => {
        if (message.type() !== 'error') return;
        const resource = message.location().url;
        problems.push(`${url}: ${message.text()}${resource && resource !== url ? ` (${resource})` : ''}`);
      });
      page.on('pageerror', (error) => problems.push(`${url}: ${error}`));
      await page.evaluateOnNewDocument(() => document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.violatedDirective}`)));
      await page.goto(url);
      return tab(page);
    },
    close: () => browser.close(),
  };
}

/**
 * WebKitWebDriver speaks classic WebDriver: no script runs before the page's
 * own, and the console cannot be read. Each page gets its listeners once it
 * has loaded, so an error while it loads shows only as what the test then
 * misses on screen.
 */
async function launchWebKit(screenshots: string): Promise<Browser> {
  const webkit = await startWebKit();
  let driver: WebdriverIO.Browser;
  try {
    driver = await remote(webkit.options);
  } catch (error) {
    webkit.stop();
    throw error;
  }
  const problems: string[] = [];
  // The session's first window stays open, blank: new tabs open from it.
  const home = await driver.getWindowHandle();
  let current = home;
  const use = async (handle: string) => {
    if (current !== handle) await driver.switchToWindow(handle);
    current = handle;
  };
  // The driver acts in one window at a time: each tab's commands run in
  // its window, one after the other, even when a test reads tabs at once.
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(action: () => Promise<T>): Promise<T> => {
    const done = queue.then(action);
    queue = done.catch(() => {});
    return done;
  };
  const inWindow = <T>(handle: string, action: () => Promise<T>) => exclusive(() => use(handle).then(action));
  /** In the page: the elements at a `>>>` selector (those whose text is `label`), or their texts. */
  const find = (selector: string, label: string | null, texts: boolean) => {
    const parts = selector.split('>>>');
    let scope: ParentNode | null | undefined = document;
    for (const part of parts.slice(0, -1)) scope = scope?.querySelector(part)?.shadowRoot;
    const text = (element: Element) => element.textContent!.replace(/\s+/g, ' ').trim();
    const found = [...(scope?.querySelectorAll(parts.at(-1)!) ?? [])].filter((element) => label === null || text(element) === label);
    return texts ? found.map(text) : found;
  };
  /** In the page: notes its console errors, uncaught errors and CSP violations. */
  const collectProblems = () => {
    const seen: string[] = ((window as unknown as { keyyoProblems: string[] }).keyyoProblems = []);
    const error = console.error;
    console.error = (...args: unknown[]) => {
      seen.push(args.join(' '));
      error.apply(console, args);
    };
    addEventListener('error', (event) => seen.push(String(event.error ?? event.message)));
    addEventListener('unhandledrejection', (event) => seen.push(String(event.reason)));
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`CSP violation: ${event.violatedDirective}`));
  };
  /** What the page's collector noted: kept before the page goes. */
  const keepProblems = async (url: string) => {
    const seen = (await driver.execute(() => (window as unknown as { keyyoProblems?: string[] }).keyyoProblems)) ?? [];
    problems.push(...seen.map((problem) => `${url}: ${problem}`));
  };
  const tab = (handle: string, url: string): Tab => {
    const execute = <A extends unknown[], T>(fn: (...args: A) => T, ...args: A) => driver.execute(fn as any, ...args) as Promise<T>;
    const run = <A extends unknown[], T>(fn: (...args: A) => T, ...args: A): Promise<T> => inWindow(handle, () => execute(fn, ...args));
    return {
      texts: (selector) => run(find, selector, null, true) as Promise<string[]>,
      // At the middle of the element, as the mouse would: WebDriver's element
      // click takes a shadow host at that point for another element.
      click: (selector, label) =>
        inWindow(handle, async () => {
          const [element] = await execute(find, selector, label ?? null, false);
          const centre =
            element &&
            (await execute((element: Element) => {
              element.scrollIntoView({ block: 'center' });
              const box = element.getBoundingClientRect();
              return { x: Math.round(box.x + box.width / 2), y: Math.round(box.y + box.height / 2) };
            }, element as Element));
          if (!centre) throw new Error(`nothing at ${selector}${label === undefined ? '' : ` says "${label}"`}`);
          await driver.performActions([
            {
              type: 'pointer',
              id: 'mouse',
              actions: [
                { type: 'pointerMove', duration: 0, ...centre },
                { type: 'pointerDown', button: 0 },
                { type: 'pointerUp', button: 0 },
              ],
            },
          ]);
        }),
      evaluate: run,
      waitFor: (fn, ...args) => driver.waitUntil(() => run(fn, ...args).then(Boolean), { timeout: WAIT_MS, interval: 50 }).then(() => undefined),
      type: (text) => inWindow(handle, () => driver.performActions([{ type: 'key', id: 'keyboard', actions: keyActions([...text]) }])),
      press: (key) => inWindow(handle, () => driver.performActions([{ type: 'key', id: 'keyboard', actions: keyActions([key]) }])),
      // As puppeteer's select does: the option chosen, then `input` and `change`
      // (WebDriver's own finds no element across a shadow root).
      select: (selector, value) =>
        inWindow(handle, async () => {
          const [element] = await execute(find, selector, null, false);
          if (!element) throw new Error(`nothing at ${selector}`);
          await execute(
            (select: HTMLSelectElement, value: string) => {
              select.value = value;
              for (const type of ['input', 'change']) select.dispatchEvent(new Event(type, { bubbles: true }));
            },
            element as HTMLSelectElement,
            value,
          );
        }),
      reload: () =>
        inWindow(handle, async () => {
          await keepProblems(url);
          await driver.refresh();
          await driver.execute(collectProblems);
        }),
      front: () => inWindow(handle, async () => {}),
      screenshot: (name) => inWindow(handle, () => driver.saveScreenshot(`${screenshots}${name}.png`).then(() => undefined)),
      close: () =>
        inWindow(handle, async () => {
          // A page that navigated by itself (a form sent) has no collector left.
          await keepProblems(url);
          await driver.closeWindow();
          await driver.switchToWindow(home);
          current = home;
        }),
    };
  };
  return {
    problems,
    open: (url) =>
      exclusive(async () => {
        const { handle } = await driver.createWindow('window');
        await use(handle);
        await driver.setWindowSize(VIEWPORT.width, VIEWPORT.height);
        await driver.navigateTo(url);
        await driver.execute(collectProblems);
        return tab(handle, url);
      }),
    async close() {
      await driver.deleteSession();
      webkit.stop();
    },
  };
}
