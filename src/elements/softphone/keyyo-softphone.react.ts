// The React component of <keyyo-softphone> (keyyo-cti-elements/react); importing it defines the element and what it shows.
import { createComponent } from '@lit/react';
import * as React from 'react';
import { onDialRequest, onError, onSelectCall } from '../react-events.js';
import './keyyo-softphone.define.js';
import { KeyyoSoftphone as ElementClass } from './softphone.js';

export const KeyyoSoftphone = createComponent({
  react: React,
  tagName: 'keyyo-softphone',
  elementClass: ElementClass,
  events: { ...onDialRequest, ...onSelectCall, ...onError },
  displayName: 'KeyyoSoftphone',
});
