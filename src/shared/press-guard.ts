/** New buttons take no press for this long: about the time a person needs
 * to see that a button changed before meaning to press it. */
const GUARD_MS = 400;
/** A second press this soon after the first is the rest of a double click
 * (desktop systems accept up to 900 ms between its two presses), not a
 * decision about the buttons that the first press brought. */
const DOUBLE_PRESS_MS = 1000;

/**
 * Keeps a person's press from acting on a button that changed meaning: a
 * click counts for what its button meant when the pointer or the key went
 * down, and when the buttons change, presses are ignored for a guard time.
 * Only a person's input (trusted events) is guarded; a page's script
 * clicking a button means what the button says now.
 */
export class PressGuard {
  #shown?: string;
  #until = 0;
  #lastPress = -Infinity;
  #down?: string;

  /** Tells what the buttons mean now (any string); a change starts the
   * guard, and answers true. */
  show(meanings: string): boolean {
    if (meanings === this.#shown) return false;
    this.#shown = meanings;
    this.#until = Math.max(performance.now() + GUARD_MS, this.#lastPress + DOUBLE_PRESS_MS);
    return true;
  }

  /** A pointer or a key went down on a button meaning `meaning` (call from
   * `pointerdown`, and `keydown` where Space, which clicks on its way up,
   * may outlast a change). */
  down(meaning: string): void {
    this.#down = meaning;
  }

  /** Whether a click on a button meaning `meaning` may act. */
  allows(event: MouseEvent, meaning: string): boolean {
    if (!event.isTrusted) return true;
    // A pointer's click (detail > 0) acts only on what it went down on; a
    // key's, when a key went down since the last press (an assistive
    // technology clicks with none).
    const down = this.#down;
    this.#down = undefined;
    if ((event.detail > 0 || down !== undefined) && down !== meaning) return false;
    const now = performance.now();
    if (now < this.#until) return false;
    // Until the buttons change, a second press is the rest of this one.
    this.#lastPress = now;
    this.#until = now + DOUBLE_PRESS_MS;
    return true;
  }
}
