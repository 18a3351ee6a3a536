import { invalidParams, type CtiError } from './errors.js';

/** The 1.1 callback: only one of its arguments is set. */
export type Callback<T> = (error: CtiError | null, result: T | null) => void;

/** An exception thrown by the page's own code (a callback, a listener):
 * reported as an uncaught error would be, without stopping the SDK. */
export function report(error: unknown): void {
  if (typeof reportError === 'function') reportError(error);
  else console.error(error);
}

/** Calls a function of the page; what it throws is reported, not thrown. */
export function call(fn: (...args: any[]) => unknown, self: unknown, ...args: unknown[]): void {
  try {
    fn.apply(self, args);
  } catch (error) {
    report(error);
  }
}

const mode = { quiet: false };

/** The drop-in script's pages were written for 1.1, whose methods returned
 * nothing: there, a promise nobody awaits does not fail loudly. */
export const quietPromises = () => void (mode.quiet = true);

const handled = <T>(promise: Promise<T>) => (promise.catch(() => {}), promise);

/**
 * Every method takes the 1.1 callback and, without one (`undefined` or
 * `null`), returns a Promise. The callback is checked before `start` runs,
 * and a check that throws in `start` fails like a refused command, so bad
 * input never reaches the wire.
 */
export function run<T>(callback: unknown, start: () => Promise<T>): Promise<T> | undefined {
  if (callback != null && typeof callback !== 'function') return handled(Promise.reject(invalidParams('callback must be a function')));
  let promise: Promise<T>;
  try {
    promise = start();
  } catch (error) {
    promise = Promise.reject(error);
  }
  if (callback == null) return mode.quiet ? handled(promise) : promise;
  promise.then(
    (result) => call(callback as Callback<T>, undefined, null, result),
    (error: CtiError) => call(callback as Callback<T>, undefined, error, null),
  );
  return undefined;
}
