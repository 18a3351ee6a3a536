import type { ReactiveController, ReactiveControllerHost } from 'lit';

// One timer for every live duration on the page, however many rows show one.
const hosts = new Set<ReactiveControllerHost>();
let timer: ReturnType<typeof setInterval> | undefined;

/** Re-renders its host every second while connected and `running()`. */
export class TickController implements ReactiveController {
  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly running: () => boolean,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    if (this.running()) this.#join();
    else this.#leave();
  }

  hostDisconnected(): void {
    this.#leave();
  }

  #join(): void {
    hosts.add(this.host);
    timer ??= setInterval(() => {
      for (const host of hosts) host.requestUpdate();
    }, 1000);
  }

  #leave(): void {
    hosts.delete(this.host);
    if (hosts.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  }
}
