/** When to try again after a connection was lost: exponential backoff with
 * full jitter, no attempt while the browser says it is offline, and at once
 * when it comes back online or the page wakes up. */
export interface BackoffOptions {
  /** The first try comes within this many ms. */
  minDelay: number;
  /** No wait is longer. */
  maxDelay: number;
  /** A connection up this long resets the backoff. */
  stableAfter: number;
}

/** The wait before try `attempt` (0 first): full jitter under an exponential ceiling. */
export function backoffDelay({ minDelay, maxDelay }: Pick<BackoffOptions, 'minDelay' | 'maxDelay'>, attempt: number): number {
  return Math.floor(Math.random() * Math.min(maxDelay, minDelay * 2 ** attempt));
}

export class Reconnector {
  #attempt = 0;
  #timer?: ReturnType<typeof setTimeout>;
  #stable?: ReturnType<typeof setTimeout>;
  #waiting = false;

  constructor(
    private readonly options: BackoffOptions,
    /** Makes one attempt; calls `failed()` or `connected()` when done. */
    private readonly attempt: () => void,
    /** Told of each scheduled attempt. */
    private readonly scheduled: (attempt: number, delay: number) => void,
  ) {}

  get waiting(): boolean {
    return this.#waiting;
  }

  /** The connection is lost, or an attempt failed: try again later; at
   * once, and not counted as a failure, when it only `moved`. */
  failed(moved = false): void {
    clearTimeout(this.#stable);
    this.#waiting = true;
    clearTimeout(this.#timer);
    if (offline()) return; // `online` will call now()
    const delay = moved ? 0 : backoffDelay(this.options, this.#attempt++);
    this.scheduled(Math.max(this.#attempt, 1), delay);
    this.#timer = setTimeout(() => this.#fire(), delay);
  }

  /** Try at once instead of waiting out the backoff (back online, page awake). */
  now(): void {
    if (!this.#waiting || offline()) return;
    clearTimeout(this.#timer);
    this.#attempt += 1;
    this.scheduled(this.#attempt, 0);
    this.#fire();
  }

  /** Connected again: the backoff resets once the connection holds. */
  connected(): void {
    this.#waiting = false;
    clearTimeout(this.#timer);
    clearTimeout(this.#stable);
    this.#stable = setTimeout(() => (this.#attempt = 0), this.options.stableAfter);
  }

  /** The browser went offline: no attempt until it is back. */
  pause(): void {
    clearTimeout(this.#timer);
  }

  stop(): void {
    this.#waiting = false;
    this.#attempt = 0;
    clearTimeout(this.#timer);
    clearTimeout(this.#stable);
  }

  #fire(): void {
    this.#timer = undefined;
    this.attempt();
  }
}

function offline(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false;
}
