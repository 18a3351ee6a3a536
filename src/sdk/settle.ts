import type { CtiError } from './errors.js';

/** The 1.1 callback: only one of its arguments is set. */
export type Callback<T> = (error: CtiError | null, result: T | null) => void;

/** Every method takes the 1.1 callback and, without one, returns a Promise. */
export function settle<T>(promise: Promise<T>, callback: Callback<T> | undefined): Promise<T> | undefined {
  if (!callback) return promise;
  promise.then(
    (result) => callback(null, result),
    (error: CtiError) => callback(error, null),
  );
  return undefined;
}
