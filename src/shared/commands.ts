import type { CtiState } from '../context.js';
import { KeyyoErrorEvent } from '../events/index.js';
import { CtiError, type Call, type CTI } from '../sdk/index.js';
import type { CallSnapshot } from '../snapshot.js';
import { errorText, messagesFor } from './i18n.js';

/**
 * Runs a command a person asked for. Answers '' once it succeeded, the
 * reason when it refused the person's input (a string the command
 * answered), or what went wrong in words, after telling the page with
 * `keyyo-error` fired from `host`.
 */
export async function attempt(host: HTMLElement, cti: CtiState, command: () => Promise<unknown>): Promise<string> {
  try {
    const refused = await command();
    return typeof refused === 'string' ? refused : '';
  } catch (error) {
    host.dispatchEvent(new KeyyoErrorEvent(error as CtiError));
    return errorText(error as CtiError, messagesFor(host), cti.reconnect);
  }
}

/** The SDK's call behind a snapshot, to send it a command. */
export function liveCall(session: CTI | undefined, call: CallSnapshot): Call {
  const live = session?.get_call(call.callref);
  if (!live) throw new CtiError(400, 'invalid_params', `Unknown call ${call.callref}`);
  return live;
}
