// Run before the browser tests: no test tool may download a browser, so the
// tests use Debian's Chromium. As root with apt-get it installs the package;
// otherwise it stops with the one command to run.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromiumInstalled, chromiumPath } from './chromium.mjs';

if (!chromiumInstalled()) {
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get') && !process.env.CHROME_PATH;
  if (!canInstall) {
    console.error(`Chromium not found at ${chromiumPath()}: run "sudo apt-get install -y chromium" (or set CHROME_PATH).`);
    process.exit(1);
  }
  console.log("Chromium not found: installing Debian's chromium package...");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
}
