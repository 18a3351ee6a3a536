/** A hidden page gets no animation frames: a timer stands in after this. */
const FRAME_FALLBACK_MS = 250;

/**
 * Publishes a state in batches: notifications may come by the hundred, so
 * the elements hear of them at most once per animation frame, and at once
 * (after the task that brought them) when the frame before published
 * nothing.
 */
export class StatePublisher {
  #frame?: number;
  #fallback?: ReturnType<typeof setTimeout>;
  /** Changes wait to be published. */
  #due = false;

  constructor(private readonly publish: () => void) {}

  /** Something changed: publish after this task, or with the next frame. */
  schedule(): void {
    if (this.#due) return;
    this.#due = true;
    // A frame is coming: the last one published something.
    if (this.#frame !== undefined) return;
    queueMicrotask(() => this.#due && this.now());
    this.#requestFrame();
  }

  /** Publishes at once. */
  now(): void {
    this.#due = false;
    this.publish();
  }

  stop(): void {
    if (this.#frame !== undefined) cancelAnimationFrame(this.#frame);
    clearTimeout(this.#fallback);
    this.#frame = undefined;
    this.#due = false;
  }

  #requestFrame(): void {
    const frame = () => {
      cancelAnimationFrame(this.#frame!);
      clearTimeout(this.#fallback);
      this.#frame = undefined;
      if (!this.#due) return;
      this.now();
      this.#requestFrame();
    };
    this.#frame = requestAnimationFrame(frame);
    this.#fallback = setTimeout(frame, FRAME_FALLBACK_MS);
  }
}
