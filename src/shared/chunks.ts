// What only some pages use loads when first used: bundlers split these off
// (the classic script loads classic scripts instead: chunks.classic.ts).
import type { CallLog, CallLogDeps, CallLogProvider } from '../call-log/call-log.js';

export type CallLogClass = new (provider: CallLogProvider, deps: CallLogDeps) => CallLog;

/** The call log (records, their outbox, the history), which loads the wrap-up form when asked. */
export const loadCallLog = (): Promise<CallLogClass> => import('../call-log/call-log.js').then((module) => module.CallLog);

/** Defines `<keyyo-call-wrap-up>`. */
export const loadWrapUp = (): Promise<unknown> => import('../elements/wrap-up/keyyo-call-wrap-up.define.js');

/** Who numbers belong to, for the provider's `contact-url` and `contactResolver`, and the history's contacts. */
export const loadContacts = (): Promise<typeof import('../elements/provider/contacts.js')> => import('../elements/provider/contacts.js');

/** Who needs which number followed: the provider's registry, at the first need. */
export const loadSubscriptions = (): Promise<typeof import('../elements/provider/subscriptions.js')> => import('../elements/provider/subscriptions.js');

/** Phone links and desktop notifications, for the provider's `click-to-call` and `notify-incoming`. */
export const loadExtras = (): Promise<typeof import('../elements/provider/extras.js')> => import('../elements/provider/extras.js');

/** The call card's forms of transfer, merge and park. */
export const loadCallPrompt = (): Promise<typeof import('../elements/call-actions/call-prompt.js')> => import('../elements/call-actions/call-prompt.js');

/** Defines the softphone's dialer and call list: a call rings and is
 * answered without them. (A chunk that cannot be loaded is an unhandled
 * rejection, which names it in the console.) */
export const loadSoftphoneParts = (): void => void (import('../elements/dialer/keyyo-dialer.define.js'), import('../elements/call-list/keyyo-call-list.define.js'));
