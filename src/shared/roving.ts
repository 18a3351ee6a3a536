/**
 * Moves the focus among `items` with the arrow keys, Home and End: one tab
 * stop for a list, a tab list or a keypad `columns` wide (up and down move
 * by a row). Answers the item it focused, when the key moved the focus.
 */
export function rove(event: KeyboardEvent, items: readonly HTMLElement[], columns = 1): HTMLElement | undefined {
  const step = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -columns, ArrowDown: columns, Home: -1e9, End: 1e9 }[event.key];
  if (!step) return;
  event.preventDefault();
  const next = items[Math.min(items.length - 1, Math.max(0, items.indexOf(event.target as HTMLElement) + step))];
  next?.focus();
  return next;
}
