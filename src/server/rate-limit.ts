// How many token requests a user may make: fixed windows counted in a store,
// in memory by default; an application running several instances gives
// them one shared store (Redis, a database) through `RateLimitStore`.

/** Where the hits of each key are counted. */
export interface RateLimitStore {
  /**
   * Counts one more hit of `key` in its current window of `windowMs` (a
   * window starts at a key's first hit and lasts `windowMs`); resolves with
   * the hits in that window, this one included, and when it ends (ms since
   * the epoch). With Redis: `INCR key`, then `PEXPIRE key windowMs NX`
   * and `PTTL key`.
   */
  hit(key: string, windowMs: number): RateLimitCount | Promise<RateLimitCount>;
}

export interface RateLimitCount {
  count: number;
  resetAt: number;
}

/** The counts of one process. Keys whose window ended are forgotten as
 * others are counted, so the memory it holds follows the active users. */
export class MemoryRateLimitStore implements RateLimitStore {
  #windows = new Map<string, RateLimitCount>();
  #now: () => number;

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  hit(key: string, windowMs: number): RateLimitCount {
    const now = this.#now();
    let window = this.#windows.get(key);
    if (!window || window.resetAt <= now) {
      this.#windows.delete(key);
      window = { count: 0, resetAt: now + windowMs };
      this.#forgetEnded(now);
    }
    if (window.count === 0) this.#windows.set(key, window);
    window.count += 1;
    return { ...window };
  }

  /** Windows (of one length) end in the order they started, which is the
   * map's order: the ended ones are first. */
  #forgetEnded(now: number): void {
    for (const [key, window] of this.#windows) {
      if (window.resetAt > now) break;
      this.#windows.delete(key);
    }
  }

  /** Keys counted now (for tests of the memory it holds). */
  get size(): number {
    return this.#windows.size;
  }
}
