import { CTI, keep, type ConnectionState, type SessionResult } from './cti.js';
import { CtiError, invalidParams, missingParameter } from './errors.js';
import { call } from './settle.js';

export interface ConnectOptions {
  /** Auto-answer of a session created here (a restored one keeps its own). */
  auto_answer?: boolean;
  /** Stops trying (the CTI disconnects): the promise rejects with `connection_closed`. */
  signal?: AbortSignal;
  /** Told of each new try, in `delay` ms, after a service that could not be reached. */
  retrying?: (attempt: number, delay: number, error: CtiError) => void;
}

/**
 * Opens a session with tokens from the CTI's `token_provider`, the one way
 * the elements connect, and leaves it to the CTI's state machine
 * (`cti.state`): restores the session this `CTI` or its cookie holds, else
 * creates one; a token the service refuses is asked again once, fresh
 * (`token_provider(true)`); a service that cannot be reached (no socket, no
 * handshake, no answer, 5xx) is tried again with the reconnection backoff
 * until it answers. Resolves once connected; rejects with the error the
 * machine gives up on (`cti.state` is then `failed`), or when `signal`
 * aborts or `disconnect()` stops it.
 */
export function connectSession(cti: CTI, options?: ConnectOptions): Promise<SessionResult> {
  return new Promise((resolve, reject) => {
    if (!(cti instanceof CTI)) throw invalidParams('connectSession needs a CTI');
    if (!cti.options.token_provider) throw missingParameter('token_provider');
    const { auto_answer, signal, retrying } = Object(options) as ConnectOptions;
    // Each option given has its type: a boolean, an AbortSignal, a function.
    if (
      (options != null && typeof options !== 'object') ||
      (auto_answer != null && typeof auto_answer !== 'boolean') ||
      (signal != null && !(signal instanceof AbortSignal)) ||
      (retrying != null && typeof retrying !== 'function')
    ) {
      throw invalidParams('connectSession options: {auto_answer?: boolean, signal?: AbortSignal, retrying?: function}');
    }
    if (signal?.aborted) throw stopped();
    const done = () => {
      cti.removeEventListener('state', follow);
      signal?.removeEventListener('abort', stop);
    };
    const follow = (state: ConnectionState) => {
      if (state.status === 'connected') resolve({ number: cti.number!, now: cti.server_now(), session_id: cti.session_id });
      else if (state.status === 'failed') reject(state.error);
      else if (state.status === 'idle') reject(stopped());
      else return state.status === 'reconnecting' && retrying && state.at && call(retrying, undefined, state.attempt, Math.max(0, state.at - Date.now()), state.cause);
      done();
    };
    const stop = () => cti.disconnect();
    cti.addEventListener('state', follow);
    signal?.addEventListener('abort', stop);
    keep(cti, auto_answer);
    if (cti.state.status === 'connected') follow(cti.state);
  });
}

const stopped = () => new CtiError(400, 'connection_closed', 'Connecting was stopped');
