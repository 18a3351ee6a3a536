import type { CtiError } from './errors.js';

/** The 1.1 callback: only one of its arguments is set. */
export type Callback<T> = (error: CtiError | null, result: T | null) => void;

/** What a method returns: nothing when given a callback, else a Promise. */
export type Settled<T, C> = C extends (...args: any[]) => void ? void : Promise<T>;

/** Every method takes the 1.1 callback and, without one, returns a Promise. */
export function settle<T, C extends Callback<T> | undefined>(promise: Promise<T>, callback: C): Settled<T, C>;
export function settle<T>(promise: Promise<T>, callback: Callback<T> | undefined): Promise<T> | undefined {
  if (!callback) return promise;
  promise.then(
    (result) => callback(null, result),
    (error: CtiError) => callback(error, null),
  );
  return undefined;
}
