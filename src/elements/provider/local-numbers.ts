import type { CTI } from '../../sdk/index.js';

/** Local forms remembered at most. */
const KEPT_LIMIT = 1000;
/** Numbers waiting for their local form (the newest first), and requests
 * for them on their way, at most: a flood of new callers costs a few
 * requests at a time, and those shown at the top come first. */
const WANTED_LIMIT = 200;
const CONVERSIONS_AT_ONCE = 4;

/**
 * The local forms of numbers (`7701` for `33172587701`), as the service
 * gives them: numbers are noted as they show up and asked a few at a time,
 * the newest first; a failed request is asked again when the number shows
 * up again. `known` is a new Map whenever it changed, so a state holding
 * one never changes under its reader.
 */
export class LocalNumbers {
  known: ReadonlyMap<string, string> = new Map();
  #wanted = new Map<string, true>();
  #asking = new Set<string>();

  constructor(private readonly changed: () => void) {}

  /** Notes a number whose local form is worth knowing. */
  learn(number: string): void {
    if (!this.known.has(number) && !this.#asking.has(number)) remember(this.#wanted, number, true, WANTED_LIMIT);
  }

  /** Asks `session` for the numbers noted, a few at a time (and more as answers come back). */
  ask(session: CTI | undefined): void {
    while (this.#asking.size < CONVERSIONS_AT_ONCE && this.#wanted.size && session?.connected) {
      const number = lastKey(this.#wanted);
      this.#wanted.delete(number);
      if (this.known.has(number)) continue;
      this.#asking.add(number);
      void session
        .int_to_local(number)
        .then(
          (local) => {
            const known = new Map(this.known);
            remember(known, number, local);
            this.known = known;
            this.changed();
          },
          () => {}, // asked again with the next call
        )
        .finally(() => {
          this.#asking.delete(number);
          this.ask(session);
        });
    }
  }

  /** Forgets everything (the session ended). */
  clear(): void {
    this.known = new Map();
    this.#wanted.clear();
  }
}

function lastKey<K>(table: Map<K, unknown>): K {
  let last: K | undefined;
  for (last of table.keys());
  return last!;
}

/** Sets a key last in a Map, forgetting the oldest one past the limit. */
export function remember<K, V>(table: Map<K, V>, key: K, value: V, limit = KEPT_LIMIT): void {
  table.delete(key);
  table.set(key, value);
  if (table.size > limit) table.delete(table.keys().next().value as K);
}
