// The React component of <keyyo-click-to-call> (keyyo-cti-elements/react); importing it defines the element and what it shows.
import { createComponent } from '@lit/react';
import * as React from 'react';
import { onDialRequest, onError } from '../react-events.js';
import './keyyo-click-to-call.define.js';
import { KeyyoClickToCall as ElementClass } from './click-to-call.js';

export const KeyyoClickToCall = createComponent({
  react: React,
  tagName: 'keyyo-click-to-call',
  elementClass: ElementClass,
  events: { ...onDialRequest, ...onError },
  displayName: 'KeyyoClickToCall',
});
