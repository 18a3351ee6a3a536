import type { CallLogClass } from './chunks.js';
import { classicScript } from './classic-script.js';
import { dialLink } from './dialing.js';

// The classic script's chunks: classic scripts beside it, added when first
// used (rollup.config.mjs puts this module in place of chunks.ts in the
// classic builds).

export const loadCallLog = (): Promise<CallLogClass> => classicScript<{ CallLog: CallLogClass }>('call-log', 'KeyyoCtiElementsCallLog').then((module) => module.CallLog);

export const loadWrapUp = (): Promise<unknown> => classicScript('wrap-up', 'KeyyoCtiElementsWrapUp');

export const loadContacts = (): Promise<typeof import('../elements/provider/contacts.js')> => classicScript('contacts', 'KeyyoCtiElementsContacts');

export const loadSubscriptions = (): Promise<typeof import('../elements/provider/subscriptions.js')> => classicScript('subscriptions', 'KeyyoCtiElementsSubscriptions');

type Extras = typeof import('../elements/provider/extras.js');
// The classic chunk leaves out the dialing, which the classic script holds.
export const loadExtras = (): Promise<Extras> => classicScript<Omit<Extras, 'dialLink'>>('extras', 'KeyyoCtiElementsExtras').then((extras) => ({ ...extras, dialLink }));

// The classic script holds the call card's forms (they use Lit: its build
// inlines this import) and defines every element itself.
export const loadCallPrompt = (): Promise<typeof import('../elements/call-actions/call-prompt.js')> => import('../elements/call-actions/call-prompt.js');

export const loadSoftphoneParts = (): void => {};
