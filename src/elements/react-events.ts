// The events the React components of several elements share
// (keyyo-cti-elements/react): each prop names the DOM event it listens to.
import type { EventName } from '@lit/react';
import type { KeyyoDialRequestEvent, KeyyoErrorEvent, KeyyoSelectCallEvent } from '../events/index.js';

export const onError = { onKeyyoError: 'keyyo-error' as EventName<KeyyoErrorEvent> };
export const onDialRequest = { onKeyyoDialRequest: 'keyyo-dial-request' as EventName<KeyyoDialRequestEvent> };
export const onSelectCall = { onKeyyoSelectCall: 'keyyo-select-call' as EventName<KeyyoSelectCallEvent> };
