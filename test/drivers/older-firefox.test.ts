// The tests on a Firefox whose WebDriver BiDi lacks the newer commands
// (Firefox ESR 128 to 140 have no `emulation.setScreenOrientationOverride`,
// which puppeteer sends with every viewport): the machine's Firefox, whatever
// its version, answers "unknown command" to every emulation and permission
// command (`FIREFOX_DRIVER_REFUSES`), and both runners still run their tests,
// skipping only those that need what is missing, and saying so.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { firefoxPuppeteer, FIREFOX_PATH, selectedEngines, tolerantPage } from '../../scripts/browsers.mjs';

const REFUSES = 'emulation.,permissions.,network.addDataCollector';
const skip = selectedEngines().includes('firefox') ? false : 'Firefox is not among BROWSERS';

describe('a Firefox driver without the emulation and permission commands', { skip }, () => {
  it('runs the browser tests, skipping those that need a permission granted, with the reason', async () => {
    // A file whose tests set a viewport (every file) and grant a permission.
    const run = spawn('npx', ['web-test-runner', 'test/browser/elements/browser-integration.test.ts'], {
      env: { ...process.env, BROWSERS: 'firefox', FIREFOX_DRIVER_REFUSES: REFUSES, CI: 'true' },
    });
    let output = '';
    run.stdout.on('data', (chunk) => (output += chunk));
    run.stderr.on('data', (chunk) => (output += chunk));
    const code = await new Promise((resolve) => run.on('exit', resolve));
    assert.equal(code, 0, output);
    assert.match(output, /does not know emulation\.setScreenOrientationOverride: the tests run without that emulation/);
    assert.match(output, /does not know permissions\.setPermission: the tests that need a permission granted are skipped/);
    assert.match(output, /\d+ passed, 0 failed, [1-9]\d* skipped/);
  });

  it("opens the end-to-end tests' pages at their size", async () => {
    const browser = await firefoxPuppeteer(REFUSES).launch({ browser: 'firefox', executablePath: FIREFOX_PATH, headless: true });
    try {
      const page = tolerantPage(await browser.newPage());
      await page.setViewport({ width: 1000, height: 720 });
      await page.goto('data:text/html,<p>Alice</p>');
      assert.deepEqual(await page.evaluate(() => [innerWidth, innerHeight]), [1000, 720]);
      await assert.rejects(
        page.browserContext().overridePermissions('http://127.0.0.1', ['notifications']),
        /permissions\.setPermission\): unknown command/,
        'the driver refuses what the test asked it to',
      );
    } finally {
      await browser.close();
    }
  });
});
