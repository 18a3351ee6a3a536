/** The documented error codes, and the client's own. */
export type ErrorCode =
  | 'invalid_csi_token'
  | 'missing_parameter'
  | 'invalid_params'
  | 'invalid_session_id'
  | 'not_connected'
  | 'connection_closed'
  | 'timeout'
  /** The provider has no usable way to get a CSI token (set by the elements). */
  | 'no_token_source'
  /** A reply of the wrong shape. */
  | 'protocol_error'
  | 'server_error'
  /** The elements' call log: IndexedDB cannot keep logs and history (they stay in memory). */
  | 'storage_unavailable'
  /** The elements' call log: a delivery failed (it is tried again). */
  | 'log_delivery_failed'
  /** The elements' call log: past its bound, the oldest logs waiting were dropped. */
  | 'log_dropped';

/** Every failure of the SDK: `{status_code, message, error_code}`, as 1.1
 * reported them, and an `Error` with a stack for those who throw. */
export class CtiError extends Error {
  readonly status_code: number;
  readonly error_code: ErrorCode;

  constructor(status_code: number, error_code: ErrorCode, message: string) {
    super(message);
    this.name = 'CtiError';
    this.status_code = status_code;
    this.error_code = error_code;
  }

  toJSON() {
    return { status_code: this.status_code, message: this.message, error_code: this.error_code };
  }
}

/** Reads a server's error reply the way the official client did: the
 * message decides the code when the server sends none. */
export function serverError(error: unknown): CtiError {
  const { status_code, message, error_code, reason } = (error ?? {}) as Record<string, unknown>;
  const status = typeof status_code === 'number' ? status_code : 500;
  const text = typeof message === 'string' ? message : 'Server error';
  const code =
    typeof error_code === 'string'
      ? (error_code as ErrorCode)
      : text.startsWith('Invalid token')
        ? 'invalid_csi_token'
        : text === 'Malformed request (missing required parameters)'
          ? 'missing_parameter'
          : text === 'RPC invalid params'
            ? 'invalid_params'
            : status === 401
              ? 'invalid_session_id'
              : 'server_error';
  // The service's `reason`, when it gives one, says what exactly was wrong.
  return new CtiError(status, code, typeof reason === 'string' && reason ? `${text}: ${reason}` : text);
}

export const invalidParams = (message: string) => new CtiError(400, 'invalid_params', message);
export const missingParameter = (name: string) => new CtiError(400, 'missing_parameter', `Missing parameter: ${name}`);
export const notConnected = () => new CtiError(401, 'not_connected', 'Not connected: create or restore a session first');
/** 1.1's own message for commands cut off by a closed socket. */
export const connectionClosed = (detail = '') => new CtiError(400, 'connection_closed', 'Connexion closed' + detail);
export const timedOut = (action: string, ms: number) => new CtiError(504, 'timeout', `No reply to ${action} within ${ms} ms`);
/** A reply the SDK cannot read: the service (or what stands between) broke the protocol. */
export const protocolError = (action: string) => new CtiError(502, 'protocol_error', `Unexpected reply to ${action}`);

/** A value in a message, without converting what may not convert (a
 * Symbol, an object whose toString throws) or echoing a whole novel. */
export const shown = (value: unknown): string =>
  typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value === 'number' || typeof value === 'boolean' ? String(value) : typeof value;

/** The longest token, session id or text the SDK sends. */
export const MAX_TEXT = 4096;

/** A text argument: given, a string, not blank, at most `MAX_TEXT` characters. */
export function textOf(value: unknown, name: string): string {
  if (value === undefined || value === null || value === '') throw missingParameter(name);
  if (typeof value !== 'string' || value.length > MAX_TEXT || !value.trim()) throw invalidParams(`${name} must be a text of 1 to ${MAX_TEXT} characters, not ${shown(value)}`);
  return value;
}
