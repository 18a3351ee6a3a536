// The React component of <keyyo-message> (keyyo-cti-elements/react); importing it defines the element and what it shows.
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import type { KeyyoMessageSentEvent } from '../../events/index.js';
import { onError } from '../react-events.js';
import './keyyo-message.define.js';
import { KeyyoMessage as ElementClass } from './message.js';

export const KeyyoMessage = createComponent({
  react: React,
  tagName: 'keyyo-message',
  elementClass: ElementClass,
  events: { onKeyyoMessageSent: 'keyyo-message-sent' as EventName<KeyyoMessageSentEvent>, ...onError },
  displayName: 'KeyyoMessage',
});
