// Run before the browser tests: no test tool may download a browser, so the
// tests use Debian's packages (scripts/browsers.mjs). As root with apt-get it
// installs those of the engines picked that are missing; otherwise it stops
// with the one command to run.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { missingPackages, selectedEngines } from './browsers.mjs';

const missing = [...new Set(selectedEngines().flatMap(missingPackages))];
if (missing.length) {
  if (missing.includes(null)) {
    console.error(`Chromium not found at CHROME_PATH=${process.env.CHROME_PATH}.`);
    process.exit(1);
  }
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    console.error(`Browsers missing for the tests: run "sudo apt-get install -y ${missing.join(' ')}" (or pick engines with BROWSERS).`);
    process.exit(1);
  }
  console.log(`Installing Debian's ${missing.join(', ')} for the browser tests...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env });
}
