import type { CallLogClass } from './chunks.js';
import { classicScript } from './classic-script.js';

// The classic script's chunks: classic scripts beside it, added when first
// used (rollup.config.mjs puts this module in place of chunks.ts in the
// classic builds).

export const loadCallLog = (): Promise<CallLogClass> => classicScript<{ CallLog: CallLogClass }>('call-log', 'KeyyoCtiElementsCallLog').then((module) => module.CallLog);

export const loadWrapUp = (): Promise<unknown> => classicScript('wrap-up', 'KeyyoCtiElementsWrapUp');

export const loadContacts = (): Promise<typeof import('../elements/provider/contacts.js')> => classicScript('contacts', 'KeyyoCtiElementsContacts');

export const loadSubscriptions = (): Promise<typeof import('../elements/provider/subscriptions.js')> => classicScript('subscriptions', 'KeyyoCtiElementsSubscriptions');

export const loadExtras = (): Promise<typeof import('../elements/provider/extras.js')> => classicScript('extras', 'KeyyoCtiElementsExtras');

export const loadCallPrompt = (): Promise<typeof import('../elements/call-actions/call-prompt.js')> => classicScript('call-prompt', 'KeyyoCtiElementsCallPrompt');

// The classic script defines every element itself.
export const loadSoftphoneParts = (): void => {};
