type Listener = (...args: any[]) => void;

/** Named events with the 1.1 spellings: `on("a, b", fn)` listens to several
 * at once; `addEventListener` and `removeEventListener` work on one. */
export class Emitter<Events extends Record<string, Listener>> {
  #listeners = new Map<string, Set<Listener>>();

  on<K extends keyof Events & string>(names: K | string, listener: Events[K]): this {
    for (const name of names.split(',')) this.addEventListener(name.trim() as K, listener);
    return this;
  }

  addEventListener<K extends keyof Events & string>(name: K, listener: Events[K]): void {
    let set = this.#listeners.get(name);
    if (!set) this.#listeners.set(name, (set = new Set()));
    set.add(listener);
  }

  removeEventListener<K extends keyof Events & string>(name: K, listener: Events[K]): void {
    this.#listeners.get(name)?.delete(listener);
  }

  /** Calls the `on<Name>` handler property, then the listeners; one
   * throwing listener does not stop the others. */
  protected emit<K extends keyof Events & string>(name: K, ...args: Parameters<Events[K]>): void {
    const handler = (this as any)['on' + name[0]!.toUpperCase() + name.slice(1)];
    for (const listener of [handler, ...(this.#listeners.get(name) ?? [])]) {
      if (typeof listener !== 'function') continue;
      try {
        listener.apply(this, args);
      } catch (error) {
        setTimeout(() => {
          throw error;
        });
      }
    }
  }
}
