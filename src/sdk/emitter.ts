import { invalidParams } from './errors.js';
import { call } from './settle.js';

type Listener = (...args: any[]) => void;

const badListener = () => invalidParams('an event name (a text) and a listener (a function) are needed');

/** Named events with the 1.1 spellings: `on("a, b", fn)` listens to several
 * at once; `addEventListener` and `removeEventListener` work on one. Names
 * are keys of a `Map`: any string is just a name. */
export class Emitter<Events extends Record<string, Listener>> {
  #listeners = new Map<string, Set<Listener>>();

  on<K extends keyof Events & string>(names: K | string, listener: Events[K]): this {
    if (typeof names !== 'string') throw badListener();
    for (const name of names.split(',')) this.addEventListener(name.trim() as K, listener);
    return this;
  }

  addEventListener<K extends keyof Events & string>(name: K, listener: Events[K]): void {
    if (typeof name !== 'string' || typeof listener !== 'function') throw badListener();
    let set = this.#listeners.get(name);
    if (!set) this.#listeners.set(name, (set = new Set()));
    set.add(listener);
  }

  removeEventListener<K extends keyof Events & string>(name: K, listener: Events[K]): void {
    this.#listeners.get(name)?.delete(listener);
  }

  /** Calls the `on<Name>` handler property, then the listeners; what one
   * throws is reported (`reportError`, else `console.error`) and the others
   * still run. */
  protected emit<K extends keyof Events & string>(name: K, ...args: Parameters<Events[K]>): void {
    const handler = (this as any)['on' + name.charAt(0).toUpperCase() + name.slice(1)];
    for (const listener of [handler, ...(this.#listeners.get(name) ?? [])]) {
      if (typeof listener === 'function') call(listener, this, ...args);
    }
  }
}
