import { existsSync } from 'node:fs';

/** The Chromium the tests drive: `CHROME_PATH` if set, else Debian's package. */
export function chromiumPath() {
  return process.env.CHROME_PATH || '/usr/bin/chromium';
}

export function chromiumInstalled() {
  return existsSync(chromiumPath());
}
