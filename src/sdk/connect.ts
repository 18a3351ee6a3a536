import type { CTI, SessionResult } from './cti.js';
import { CtiError, missingParameter, textOf } from './errors.js';
import { backoffDelay } from './reconnector.js';

export interface ConnectOptions {
  /** Auto-answer of a session created here (a restored one keeps its own). */
  auto_answer?: boolean;
  /** Stops trying: the promise rejects with `connection_closed`. */
  signal?: AbortSignal;
  /** Told of each new try, in `delay` ms, after a service that could not be reached. */
  retrying?: (attempt: number, delay: number, error: CtiError) => void;
}

/** Failures of the way to the service, not of what it answered. */
const UNREACHABLE = new Set(['timeout', 'connection_closed']);

/**
 * Opens a session with tokens from the SDK's `token_provider`, the one way
 * the elements connect: restores the session this `CTI` or its cookie
 * holds, else creates one; a token the service refuses is asked again
 * once, fresh (`token_provider(true)`); a service that cannot be reached
 * (no socket, no handshake, no answer, 5xx) is tried again with the
 * reconnection backoff until it answers, or until `signal` aborts. After
 * that, the SDK's own reconnection keeps the session.
 */
export async function connectSession(cti: CTI, options: ConnectOptions = {}): Promise<SessionResult> {
  const tokens = cti.options.token_provider;
  if (!tokens) throw missingParameter('token_provider');
  const token = async (refresh: boolean) => {
    try {
      return textOf(await tokens(refresh), 'csi_token');
    } catch (error) {
      throw error instanceof CtiError ? error : new CtiError(400, 'invalid_csi_token', `The token provider failed: ${String(error)}`);
    }
  };
  const open = async (csiToken: string) => {
    const held = cti.session_id;
    if (!held) return cti.options.cookie_auto ? cti.restore_session(csiToken) : cti.create_session(csiToken, options.auto_answer);
    return cti.restore_session(csiToken, held).catch((error: CtiError) => {
      if (error.error_code !== 'invalid_session_id' && error.error_code !== 'invalid_params') throw error;
      return cti.create_session(csiToken, options.auto_answer);
    });
  };
  for (let attempt = 0; ; attempt++) {
    try {
      return await open(await token(false)).catch(async (error: CtiError) => {
        if (error.error_code !== 'invalid_csi_token') throw error;
        return open(await token(true));
      });
    } catch (error) {
      const { error_code, status_code } = error as CtiError;
      if (options.signal?.aborted) throw error;
      if (!UNREACHABLE.has(error_code) && !(status_code >= 500 && error_code !== 'protocol_error')) throw error;
      const delay = backoffDelay({ minDelay: cti.options.reconnect_min_delay, maxDelay: cti.options.reconnect_max_delay }, attempt);
      options.retrying?.(attempt + 1, delay, error as CtiError);
      await wait(delay, options.signal);
    }
  }
}

function wait(ms: number, signal?: AbortSignal): Promise<void> {
  const stopped = () => new CtiError(400, 'connection_closed', 'Connecting was stopped');
  if (signal?.aborted) return Promise.reject(stopped());
  return new Promise((resolve, reject) => {
    const stop = () => {
      clearTimeout(timer);
      reject(stopped());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    signal?.addEventListener('abort', stop, { once: true });
  });
}
