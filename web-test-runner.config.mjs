// Browser tests run in Chromium, Firefox and WebKit from Debian's packages
// (never a downloaded browser; `BROWSERS=firefox` runs one, see
// scripts/browsers.mjs) and talk to real simulators over real sockets: a test
// asks the runner for a fresh simulator through `executeServerCommand`, so
// test files never share service state.
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { WebdriverLauncher } from '@web/test-runner-webdriver';
import { mkdirSync } from 'node:fs';
import puppeteer from 'puppeteer-core';
import { tsImport } from 'tsx/esm/api';
import {
  chromiumPath,
  describeEngines,
  FIREFOX_PATH,
  firefoxPuppeteer,
  keyActions,
  refusedCommand,
  selectedEngines,
  startWebKit,
  tellRefused,
  tolerantPage,
} from './scripts/browsers.mjs';

const { startSimulator } = await tsImport('./src/simulator/server.ts', import.meta.url);

/** Starts and stops simulators on behalf of the tests running in the browser. */
function simulatorPlugin() {
  const running = new Map();
  return {
    name: 'keyyo-simulator',
    async executeCommand({ command, payload, session }) {
      if (command === 'simulator-start') {
        const sim = await startSimulator({ port: 0, ...payload });
        running.set(sim.url, Object.assign(sim, { options: payload }));
        return { url: sim.url };
      }
      if (command === 'simulator-restart') {
        // The whole service goes down and comes back on the same port, empty.
        const old = running.get(payload.url);
        await old.close();
        const sim = await startSimulator({ ...old.options, port: old.port });
        running.set(payload.url, Object.assign(sim, { options: old.options }));
        return { url: sim.url };
      }
      if (command === 'set-permissions') {
        // Permissions as a person would grant them in the browser's prompt:
        // `null` returns to the browser's own (the prompt again).
        const page = session.browser.getPage?.(session.id);
        if (!page) return false;
        const origin = new URL(page.url()).origin;
        try {
          if (payload.permissions === null) await page.browserContext().clearPermissionOverrides();
          else await page.browserContext().overridePermissions(origin, payload.permissions);
        } catch (error) {
          const command = refusedCommand(error);
          if (!command) throw error;
          tellRefused(command, 'the tests that need a permission granted are skipped');
          return false;
        }
        return true;
      }
      if (command === 'screenshot') {
        // A picture of part of the page, to look at: test-output/screenshots/<engine>/<name>.png.
        const page = session.browser.getPage?.(session.id);
        if (!page) return false;
        const folder = `test-output/screenshots/${session.browser.name.toLowerCase()}`;
        mkdirSync(folder, { recursive: true });
        await page.screenshot({ path: `${folder}/${payload.name}.png`, clip: payload.clip });
        return true;
      }
      if (command === 'simulator-stop') {
        await running.get(payload.url)?.close();
        running.delete(payload.url);
        return true;
      }
      return undefined;
    },
    async serverStop() {
      await Promise.all([...running.values()].map((sim) => sim.close()));
    },
  };
}

/**
 * A CRM's call-log endpoint for the tests: `POST /test-call-log/<box>`
 * keeps each record (with its Idempotency-Key) and answers as the box's
 * mode says (`ok`, `500`, `html`, `redirect`, `drop`: the connection
 * closed without an answer); `PUT /test-call-log/<box>?mode=` sets it;
 * `GET /test-call-log/<box>` lists what arrived, accepted or not.
 */
function callLogEndpoint() {
  const boxes = new Map();
  const box = (name) => boxes.get(name) ?? boxes.set(name, { mode: 'ok', received: [] }).get(name);
  return async (context, next) => {
    const match = /^\/test-call-log\/([\w-]+)$/.exec(context.path);
    if (!match) return next();
    const target = box(match[1]);
    if (context.method === 'PUT') {
      target.mode = context.query.mode;
      context.status = 204;
    } else if (context.method === 'GET') {
      context.body = target.received;
    } else if (context.method === 'POST') {
      let body = '';
      for await (const chunk of context.req) body += chunk;
      target.received.push({ key: context.get('idempotency-key'), mode: target.mode, record: JSON.parse(body) });
      if (target.mode === 'drop') return context.req.socket.destroy();
      if (target.mode === 'redirect') return context.redirect('/');
      context.status = target.mode === '500' ? 500 : 200;
      context.type = target.mode === 'html' ? 'text/html' : 'application/json';
      context.body = target.mode === 'html' ? '<!doctype html><title>Sign in</title>' : '{"ok":true}';
    }
  };
}

/** MiniBrowser through a WebKitWebDriver of its own, started with the run and stopped after it. */
class WebKitLauncher extends WebdriverLauncher {
  #webkit;

  constructor() {
    super({ capabilities: {} });
  }

  async initialize(config, testFiles) {
    this.#webkit = await startWebKit();
    Object.assign(this.options, this.#webkit.options);
    await super.initialize(config, testFiles);
    this.name = 'WebKit';
  }

  async stop() {
    await super.stop();
    this.#webkit?.stop();
  }

  /** One key after the other, as a person types (see keyActions). */
  sendKeys(sessionId, keys) {
    return this.driverManager.performActions(sessionId, [{ type: 'key', id: 'keyboard', actions: keyActions(keys) }]);
  }
}

// Each page's viewport is set by the runner; a driver without some of the
// emulation commands puppeteer sends with it still runs the tests.
const createPage = async ({ context }) => tolerantPage(await context.newPage());

const launchers = {
  chromium: () =>
    chromeLauncher({
      puppeteer,
      createPage,
      launchOptions: {
        executablePath: chromiumPath(),
        headless: true,
        args: [
          '--no-sandbox',
          '--headless=new',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      },
    }),
  firefox: () =>
    chromeLauncher({
      puppeteer: firefoxPuppeteer(),
      createPage,
      launchOptions: { browser: 'firefox', executablePath: FIREFOX_PATH, headless: true },
    }),
  webkit: () => new WebKitLauncher(),
};

// What ran, first, so that a failure report says it.
console.log(`Browser tests in ${describeEngines().join('; ')}`);

export default {
  files: ['test/browser/**/*.test.ts'],
  nodeResolve: true,
  // One page at a time: tests type and move focus, which needs the page in front.
  concurrency: 1,
  browserLogs: true,
  filterBrowserLogs: ({ type }) => type === 'error',
  testFramework: { config: { timeout: 10000 } },
  middleware: [callLogEndpoint()],
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }), simulatorPlugin()],
  // One engine after the other, each one page at a time.
  concurrentBrowsers: 1,
  browsers: selectedEngines().map((engine) => launchers[engine]()),
};
