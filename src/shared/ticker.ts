import { noChange, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { Directive, directive, type ElementPart } from 'lit/directive.js';
import { formatDuration } from './format.js';

/** Live times on the page: each element, the server time (s) it counts
 * from, the browser's clock minus the server's, and the text it shows. */
const live = new Map<Element, { from: number; skew: number; text?: string }>();
// One timer for every live time on the page, however many show one.
let timer: ReturnType<typeof setInterval> | undefined;

function show(element: Element, time: { from: number; skew: number; text?: string }): void {
  const text = formatDuration(Date.now() / 1000 - time.skew - time.from);
  if (text === time.text) return;
  time.text = text;
  // The same text node each time: nothing to create, nothing to collect.
  if (element.firstChild) (element.firstChild as Text).data = text;
  else element.textContent = text;
}

/** Writes the times that changed; forgets those no longer on the page. */
function tick(): void {
  for (const [element, time] of live) {
    if (element.isConnected) show(element, time);
    else live.delete(element);
  }
  if (live.size === 0) {
    clearInterval(timer);
    timer = undefined;
  }
}

class Ticking extends Directive {
  render(_from: number, _skew: number) {
    return noChange;
  }

  override update(part: ElementPart, [from, skew]: [number, number]) {
    let time = live.get(part.element);
    if (time?.from !== from) live.set(part.element, (time = { from, skew }));
    time.skew = skew;
    show(part.element, time);
    timer ??= setInterval(tick, 1000);
    return noChange;
  }
}

/**
 * A live time on an element with no content of its own: `<span
 * ${ticking(from, skew)}></span>` shows the time since `from` (server time,
 * seconds; `skew`: the browser's clock minus the server's, in seconds), and
 * a timer shared by the page writes that text alone each second: the
 * element around does not render again.
 */
export const ticking = directive(Ticking);

/** The `skew` for `ticking`: the browser's clock minus the session's service (s), 0 without a session. */
export const clockSkew = (session?: { server_now(): number }): number => (session ? Date.now() / 1000 - session.server_now() : 0);

/** Renders its host again when it comes back into the page, so its live
 * times (forgotten while it was out) tick again. */
export class TickController implements ReactiveController {
  #away = false;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    if (this.#away) this.host.requestUpdate();
  }

  hostDisconnected(): void {
    this.#away = true;
  }
}
