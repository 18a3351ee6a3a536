/** Time as the service model sees it: injectable, so rules measured in
 * minutes and hours can be tested in milliseconds. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimer(ms: number, callback: () => void): Timer;
}

export interface Timer {
  cancel(): void;
}

/** The longest delay setTimeout keeps; a longer one fires at once. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** A delay as timers take it: finite; below 0 counts as 0. */
function delay(ms: number): number {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) throw new RangeError(`a delay must be a finite number of ms, not ${ms}`);
  return Math.max(0, ms);
}

export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  /** Delays longer than setTimeout's limit (about 24.8 days) are waited out
   * in several steps, never cut short. */
  setTimer(ms: number, callback: () => void): Timer {
    ms = delay(ms);
    const due = Date.now() + ms;
    let handle: ReturnType<typeof setTimeout>;
    const wait = (left: number) => {
      handle = setTimeout(() => (left > MAX_TIMEOUT_MS ? wait(Math.max(0, due - Date.now())) : callback()), Math.min(left, MAX_TIMEOUT_MS));
    };
    wait(ms);
    return { cancel: () => clearTimeout(handle) };
  }
}

interface PendingTimer {
  due: number;
  order: number;
  callback: () => void;
}

/** A clock that moves only when told to; timers fire in due order. */
export class VirtualClock implements Clock {
  #now: number;
  #timers = new Set<PendingTimer>();
  #order = 0;

  constructor(start = Date.now()) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimer(ms: number, callback: () => void): Timer {
    const timer: PendingTimer = { due: this.#now + delay(ms), order: this.#order++, callback };
    this.#timers.add(timer);
    return { cancel: () => this.#timers.delete(timer) };
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the
   * way, each at its own due time (timers set by a callback fire too). */
  advance(ms: number): void {
    const end = this.#now + delay(ms);
    for (;;) {
      let next: PendingTimer | undefined;
      for (const timer of this.#timers) {
        if (timer.due <= end && (!next || timer.due < next.due || (timer.due === next.due && timer.order < next.order))) {
          next = timer;
        }
      }
      if (!next) break;
      this.#timers.delete(next);
      this.#now = Math.max(this.#now, next.due);
      next.callback();
    }
    this.#now = end;
  }
}
