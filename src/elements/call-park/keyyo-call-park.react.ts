// The React component of <keyyo-call-park> (keyyo-cti-elements/react); importing it defines the element and what it shows.
import { createComponent } from '@lit/react';
import * as React from 'react';
import { onError } from '../react-events.js';
import './keyyo-call-park.define.js';
import { KeyyoCallPark as ElementClass } from './call-park.js';

export const KeyyoCallPark = createComponent({
  react: React,
  tagName: 'keyyo-call-park',
  elementClass: ElementClass,
  events: onError,
  displayName: 'KeyyoCallPark',
});
