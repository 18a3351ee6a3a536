/** A refused command, as the service replies it: the `message` is the one
 * the official client maps to its documented `error_code`; `reason` says, for
 * a person reading the reply, what exactly was wrong. */
import { excerpt } from './limits.js';

/** Whatever went into it, a reason stays short. */
const REASON_CHARS = 1000;

export class RpcError extends Error {
  readonly reason?: string;

  constructor(
    readonly status_code: number,
    message: string,
    reason?: string,
  ) {
    super(message);
    if (reason !== undefined) this.reason = excerpt(reason, REASON_CHARS);
  }

  toJSON(): { status_code: number; message: string; reason?: string } {
    return this.reason === undefined ? { status_code: this.status_code, message: this.message } : { status_code: this.status_code, message: this.message, reason: this.reason };
  }
}

export const missingParameter = (name: string) => new RpcError(400, 'Malformed request (missing required parameters)', `missing parameter "${name}"`);

export const invalidParams = (reason: string) => new RpcError(400, 'RPC invalid params', reason);

/** The official client maps any message starting with "Invalid token". */
export const invalidToken = (reason: string) => new RpcError(400, `Invalid token (${reason})`, reason);

export const unknownSession = (reason: string) => new RpcError(401, 'Unknown session_id', reason);
