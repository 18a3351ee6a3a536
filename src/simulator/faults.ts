// What real networks and servers do to a session, on demand: replies that
// never come, a server that stalls without closing, a slow link. Time here is
// wall-clock time even when the model runs on the virtual clock: the clients
// under test measure their timeouts in real time.
import { integerProblem, LIMITS, RANGES, type Range } from './limits.js';

function check(name: string, value: number, range: Range): number {
  const problem = integerProblem(value, range);
  if (problem) throw new RangeError(`${name} ${problem}`);
  return value;
}

export interface FaultsState {
  stalled_ms: number;
  drop_replies: number;
  delay_ms: number;
}

export class NetworkFaults {
  #stallUntil = 0;
  #stallTimer?: ReturnType<typeof setTimeout>;
  #held: (() => void)[] = [];
  #dropReplies = 0;
  #delayMs = 0;

  /** Neither reads nor writes for `ms`; what arrives or is due meanwhile
   * goes through, in order, when the stall ends. */
  stall(ms: number): void {
    check('a stall', ms, RANGES.stallMs);
    this.#stallUntil = Math.max(this.#stallUntil, Date.now() + ms);
    clearTimeout(this.#stallTimer);
    this.#stallTimer = setTimeout(() => this.#release(), this.#stallUntil - Date.now());
  }

  /** The next `count` replies are never sent (their commands still run). */
  dropReplies(count: number): void {
    this.#dropReplies = check('a count of dropped replies', count, RANGES.dropReplies);
  }

  /** Every message to clients leaves `ms` late. */
  delay(ms: number): void {
    this.#delayMs = check('a delay', ms, RANGES.delayMs);
  }

  clear(): void {
    this.#dropReplies = 0;
    this.#delayMs = 0;
    this.#release();
  }

  state(): FaultsState {
    return { stalled_ms: Math.max(0, this.#stallUntil - Date.now()), drop_replies: this.#dropReplies, delay_ms: this.#delayMs };
  }

  /** A message from a client. */
  receive(handle: () => void): void {
    if (this.#stalled()) this.#hold(handle);
    else handle();
  }

  /** A message to a client; `isReply` tells replies from notifications. */
  send(isReply: boolean, deliver: () => void): void {
    if (isReply && this.#dropReplies > 0) {
      this.#dropReplies -= 1;
      return;
    }
    if (this.#stalled()) this.#hold(deliver);
    else if (this.#delayMs > 0) setTimeout(deliver, this.#delayMs);
    else deliver();
  }

  /** What a stall holds is bounded: one message past the limit ends the
   * stall, and everything goes through in order. */
  #hold(run: () => void): void {
    if (this.#held.length < LIMITS.heldMessages) {
      this.#held.push(run);
      return;
    }
    this.#release();
    run();
  }

  #stalled(): boolean {
    return Date.now() < this.#stallUntil;
  }

  #release(): void {
    clearTimeout(this.#stallTimer);
    this.#stallUntil = 0;
    for (const run of this.#held.splice(0)) run();
  }
}
