import type { ReactiveControllerHost } from 'lit';
import type { CtiState } from '../context.js';
import { KeyyoErrorEvent } from '../events/index.js';
import { CtiError, type Call, type CTI } from '../sdk/index.js';
import type { CallSnapshot } from '../snapshot.js';
import { errorText, messagesFor } from './i18n.js';
import { PressGuard } from './press-guard.js';

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

/**
 * A person's commands on one element: one at a time in each scope (a
 * call, or the whole element), a press acting only on what its button
 * meant (`guard`), and what the last command said where the element shows
 * it. The host updates as a command starts and ends.
 */
export class Commands<What = string> {
  readonly guard = new PressGuard();
  /** The command running in each scope (a new object for each run). */
  #running = new Map<string, { what: What }>();
  #said = new Map<string, string>();

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly state: () => CtiState,
  ) {}

  /** What runs in `scope`. */
  running(scope = ''): What | undefined {
    return this.#running.get(scope)?.what;
  }

  /** What the last command said at `at` (a failure or a refusal in words), or ''. */
  said(at = ''): string {
    return this.#said.get(at) ?? '';
  }

  /** Says `text` at `at`, where the element shows it. */
  say(at: string, text: string): void {
    this.#said.set(at, text);
    this.host.requestUpdate();
  }

  /** The command in `scope` no longer blocks the next (the call moved on);
   * its reply, late, may still say it failed. */
  release(scope: string): void {
    this.#running.delete(scope);
  }

  /** Runs `command` unless one runs in `scope`; what it said goes to `at`.
   * Answers what it said ('' once it succeeded), or undefined when it did not run. */
  async run(scope: string, what: What, command: () => Promise<unknown>, at = scope): Promise<string | undefined> {
    if (this.#running.has(scope)) return undefined;
    const running = { what };
    this.#running.set(scope, running);
    this.say(at, '');
    const said = await attempt(this.host, this.state(), command);
    if (this.#running.get(scope) === running) this.#running.delete(scope);
    this.say(at, said);
    return said;
  }
}
