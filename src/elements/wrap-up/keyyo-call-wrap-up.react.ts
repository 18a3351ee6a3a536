// The React component of <keyyo-call-wrap-up> (keyyo-cti-elements/react); importing it defines the element.
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import type { KeyyoWrapUpEvent } from '../../events/index.js';
import { onError } from '../react-events.js';
import './keyyo-call-wrap-up.define.js';
import { KeyyoCallWrapUp as ElementClass } from './wrap-up.js';

export const KeyyoCallWrapUp = createComponent({
  react: React,
  tagName: 'keyyo-call-wrap-up',
  elementClass: ElementClass,
  events: { onKeyyoWrapUp: 'keyyo-wrap-up' as EventName<KeyyoWrapUpEvent>, ...onError },
  displayName: 'KeyyoCallWrapUp',
});
