/** Whether this browser can share a connection between tabs: Web Locks and BroadcastChannel. */
export function canShare(): boolean {
  return typeof BroadcastChannel === 'function' && typeof navigator !== 'undefined' && Boolean(navigator.locks);
}
