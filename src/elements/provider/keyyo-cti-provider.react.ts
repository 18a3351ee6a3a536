// The React component of <keyyo-cti-provider> (keyyo-cti-elements/react); importing it defines the element and what it shows.
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import type {
  KeyyoCallConnectEvent,
  KeyyoCallLoggedEvent,
  KeyyoCallMissedEvent,
  KeyyoCallReleaseEvent,
  KeyyoCallSetupEvent,
  KeyyoScreenPopEvent,
  KeyyoStatusChangeEvent,
} from '../../events/index.js';
import { onDialRequest, onError, onSelectCall } from '../react-events.js';
import './keyyo-cti-provider.define.js';
import { KeyyoCtiProvider as ElementClass } from './provider.js';

export const KeyyoCtiProvider = createComponent({
  react: React,
  tagName: 'keyyo-cti-provider',
  elementClass: ElementClass,
  events: {
    onKeyyoCallSetup: 'keyyo-call-setup' as EventName<KeyyoCallSetupEvent>,
    onKeyyoCallConnect: 'keyyo-call-connect' as EventName<KeyyoCallConnectEvent>,
    onKeyyoCallRelease: 'keyyo-call-release' as EventName<KeyyoCallReleaseEvent>,
    onKeyyoCallMissed: 'keyyo-call-missed' as EventName<KeyyoCallMissedEvent>,
    onKeyyoScreenPop: 'keyyo-screen-pop' as EventName<KeyyoScreenPopEvent>,
    onKeyyoStatusChange: 'keyyo-status-change' as EventName<KeyyoStatusChangeEvent>,
    onKeyyoCallLogged: 'keyyo-call-logged' as EventName<KeyyoCallLoggedEvent>,
    ...onDialRequest,
    ...onSelectCall,
    ...onError,
  },
  displayName: 'KeyyoCtiProvider',
});
