// The React component of <keyyo-call-actions> (keyyo-cti-elements/react); importing it defines the element and what it shows.
import { createComponent } from '@lit/react';
import * as React from 'react';
import { onError } from '../react-events.js';
import './keyyo-call-actions.define.js';
import { KeyyoCallActions as ElementClass } from './call-actions.js';

export const KeyyoCallActions = createComponent({
  react: React,
  tagName: 'keyyo-call-actions',
  elementClass: ElementClass,
  events: onError,
  displayName: 'KeyyoCallActions',
});
