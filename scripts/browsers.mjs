// The three browser engines the tests drive, all from Debian's packages (no
// test tool may download a browser): Chromium through puppeteer, Firefox ESR
// through puppeteer over WebDriver BiDi, and WebKitGTK's MiniBrowser through
// WebKitWebDriver on a virtual display. `BROWSERS` picks some of them
// (`BROWSERS=firefox,webkit`); all three by default.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import puppeteer from 'puppeteer-core';
import { NodeWebSocketTransport } from 'puppeteer-core/internal/node/NodeWebSocketTransport.js';
import { Key } from 'webdriverio';

const ENGINES = ['chromium', 'firefox', 'webkit'];

/** The engines asked for in `BROWSERS`, in the order of `ENGINES`. */
export function selectedEngines(value = process.env.BROWSERS) {
  if (!value) return ENGINES;
  const asked = value
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  const unknown = asked.filter((name) => !ENGINES.includes(name));
  if (unknown.length) throw new Error(`BROWSERS: unknown engine ${unknown.join(', ')} (known: ${ENGINES.join(', ')})`);
  return ENGINES.filter((engine) => asked.includes(engine));
}

/** The Chromium the tests drive: `CHROME_PATH` if set, else Debian's package. */
export function chromiumPath() {
  return process.env.CHROME_PATH || '/usr/bin/chromium';
}

export const FIREFOX_PATH = '/usr/bin/firefox-esr';
const WEBKIT_DRIVER_PATH = '/usr/bin/WebKitWebDriver';
const XVFB_PATH = '/usr/bin/Xvfb';

/** WebKitGTK's MiniBrowser, installed with the library under the machine's multiarch folder. */
function miniBrowserPath() {
  for (const folder of readdirSync('/usr/lib')) {
    const path = `/usr/lib/${folder}/webkit2gtk-4.1/MiniBrowser`;
    if (existsSync(path)) return path;
  }
  return undefined;
}

/**
 * The Debian packages an engine needs that are not installed; `null` in the
 * list stands for a `CHROME_PATH` that points at nothing.
 */
export function missingPackages(engine) {
  const needs = {
    chromium: [[chromiumPath(), process.env.CHROME_PATH ? null : 'chromium']],
    firefox: [[FIREFOX_PATH, 'firefox-esr']],
    // MiniBrowser comes with libwebkit2gtk-4.1-0, on which the driver depends.
    webkit: [
      [WEBKIT_DRIVER_PATH, 'webkit2gtk-driver'],
      [miniBrowserPath(), 'webkit2gtk-driver'],
      [XVFB_PATH, 'xvfb'],
    ],
  }[engine];
  return [...new Set(needs.filter(([path]) => !path || !existsSync(path)).map(([, name]) => name))];
}

/** What each engine is, from the binaries the tests will start. */
export function describeEngines(engines = selectedEngines()) {
  const output = (command, args) => {
    try {
      return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return 'version unknown';
    }
  };
  const describe = {
    chromium: () => `${output(chromiumPath(), ['--version'])} (${chromiumPath()})`,
    firefox: () => `${output(FIREFOX_PATH, ['--version'])} (${FIREFOX_PATH})`,
    webkit: () => `WebKitGTK ${output('dpkg-query', ['-W', '-f=${Version}', 'libwebkit2gtk-4.1-0'])} (${miniBrowserPath() ?? 'MiniBrowser not found'}, ${WEBKIT_DRIVER_PATH})`,
  };
  return engines.map((engine) => `${engine}: ${describe[engine]()}`);
}

/**
 * The command a browser's driver refused as one it does not know, read from
 * puppeteer's error (`Protocol error (emulation.setScreenOrientationOverride):
 * unknown command`); undefined for any other error. Drivers of older browsers
 * lack the newer emulation and permission commands.
 */
export function refusedCommand(error) {
  return /^Protocol error \(([\w.]+)\): (?:unknown command|unsupported operation)/.exec(error?.message ?? '')?.[1];
}

const told = new Set();
/** Says once per run what a driver lacks and what the tests do without it. */
export function tellRefused(command, consequence) {
  if (told.has(command)) return;
  told.add(command);
  console.warn(`The browser's driver does not know ${command}: ${consequence}.`);
}

/**
 * A puppeteer page whose `setViewport` works with a driver that lacks some of
 * the commands puppeteer sends with it (Firefox ESR before 141 has no
 * `emulation.setScreenOrientationOverride`): the size is sent on its own
 * command, in the same breath, so it still applies; only the refused emulation
 * is left out. Any other error still fails.
 */
export function tolerantPage(page) {
  const setViewport = page.setViewport.bind(page);
  page.setViewport = (viewport) =>
    setViewport(viewport).catch((error) => {
      const command = refusedCommand(error);
      if (!command) throw error;
      tellRefused(command, 'the tests run without that emulation');
    });
  return page;
}

/**
 * puppeteer for Firefox. `FIREFOX_DRIVER_REFUSES` (comma-separated command
 * prefixes, e.g. `emulation.,permissions.`) makes the driver answer
 * "unknown command" to those commands, as an older Firefox does, so that the
 * tests' tolerance of an older driver is tested on any Firefox.
 */
export function firefoxPuppeteer(refuses = process.env.FIREFOX_DRIVER_REFUSES) {
  const prefixes = (refuses ?? '')
    .split(',')
    .map((prefix) => prefix.trim())
    .filter(Boolean);
  if (!prefixes.length) return puppeteer;
  return {
    async launch(options) {
      const launched = await puppeteer.launch(options);
      const endpoint = launched.wsEndpoint();
      await launched.disconnect();
      return puppeteer.connect({ transport: await refusingTransport(endpoint, prefixes), protocol: 'webDriverBiDi' });
    },
  };
}

/** A WebDriver BiDi connection that answers "unknown command" to the commands of these prefixes itself. */
async function refusingTransport(endpoint, prefixes) {
  const socket = await NodeWebSocketTransport.create(endpoint);
  const transport = {
    send(message) {
      const { id, method } = JSON.parse(message);
      if (!prefixes.some((prefix) => method.startsWith(prefix))) return socket.send(message);
      const refusal = { type: 'error', id, error: 'unknown command', message: `${method} is not supported` };
      setTimeout(() => transport.onmessage?.(JSON.stringify(refusal)));
    },
    close: () => socket.close(),
  };
  socket.onmessage = (message) => transport.onmessage?.(message);
  socket.onclose = () => transport.onclose?.();
  return transport;
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

async function until(ready, what, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`${what} did not start within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * WebDriver key actions that press and release each key in turn, as a person
 * types (`Enter`, `Escape`, `ArrowDown`... name keys): webdriverio's `keys()`
 * holds every key down before releasing any, and WebKit ignores a key
 * pressed again while held (`99` would type `9`).
 */
export function keyActions(keys) {
  return keys.flatMap((key) => [
    { type: 'keyDown', value: Key[key] ?? key },
    { type: 'keyUp', value: Key[key] ?? key },
  ]);
}

/**
 * A WebKitWebDriver on a display of its own (Xvfb picks a free one), for
 * webdriverio sessions of MiniBrowser: `options` goes to webdriverio's
 * `remote()`.
 */
export async function startWebKit() {
  const xvfb = spawn(XVFB_PATH, ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
  });
  const display = await new Promise((resolve, reject) => {
    let output = '';
    xvfb.stdio[3].on('data', (chunk) => {
      output += chunk;
      if (output.endsWith('\n')) resolve(`:${output.trim()}`);
    });
    xvfb.on('exit', (code) => reject(new Error(`Xvfb exited (${code})`)));
  });
  const port = await freePort();
  const driver = spawn(WEBKIT_DRIVER_PATH, [`--port=${port}`], {
    env: { ...process.env, DISPLAY: display },
    stdio: 'ignore',
  });
  const stop = () => {
    driver.kill();
    xvfb.kill();
  };
  try {
    await until(
      () =>
        fetch(`http://127.0.0.1:${port}/status`).then(
          (response) => response.ok,
          () => false,
        ),
      'WebKitWebDriver',
    );
  } catch (error) {
    stop();
    throw error;
  }
  return {
    options: {
      hostname: '127.0.0.1',
      port,
      logLevel: 'error',
      capabilities: { 'webkitgtk:browserOptions': { binary: miniBrowserPath(), args: ['--automation'] } },
    },
    stop,
  };
}
