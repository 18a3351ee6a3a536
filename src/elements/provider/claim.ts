/** When the user last used this tab (focus, a click, a key), ms since the epoch. */
let lastUsed = 0;
let watched = false;
const markUsed = () => {
  if (document.visibilityState === 'visible') lastUsed = Date.now();
};

/** Starts noting when the user uses this tab (once for the page). */
export function watchUse(): void {
  if (watched) return;
  watched = true;
  for (const type of ['focus', 'pointerdown', 'keydown']) addEventListener(type, markUsed, true);
  document.addEventListener('visibilitychange', markUsed);
  markUsed();
}

/**
 * How long this tab waits before it claims something shown once across
 * tabs: at once when in front, else longer the longer ago it was used
 * (300 ms to 1 s), so that the tab the user used last claims first, and
 * among tabs nobody used, the one holding the connection.
 */
function claimDelay(leading: boolean): number {
  if (document.hasFocus()) return 0;
  return 300 + Math.min(700, (Date.now() - lastUsed) / 1000) - (leading ? 50 : 0);
}

/**
 * Runs `held` in one tab of the origin only, with nothing shared between
 * tabs but a Web Lock named `name`: the first to ask (see claimDelay)
 * holds it while `held` runs; the others find it taken and skip. Without
 * Web Locks, every tab runs it.
 */
export async function claimOnce(name: string, leading: boolean, held: () => unknown): Promise<void> {
  const delay = claimDelay(leading);
  if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
  if (!navigator.locks) return void (await held());
  await navigator.locks.request(name, { ifAvailable: true }, (lock) => (lock ? held() : undefined));
}
