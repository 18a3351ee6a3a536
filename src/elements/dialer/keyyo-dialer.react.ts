// The React component of <keyyo-dialer> (keyyo-cti-elements/react); importing it defines the element and what it shows.
import { createComponent } from '@lit/react';
import * as React from 'react';
import { onDialRequest, onError } from '../react-events.js';
import './keyyo-dialer.define.js';
import { KeyyoDialer as ElementClass } from './dialer.js';

export const KeyyoDialer = createComponent({
  react: React,
  tagName: 'keyyo-dialer',
  elementClass: ElementClass,
  events: { ...onDialRequest, ...onError },
  displayName: 'KeyyoDialer',
});
