// The React component of <keyyo-call-list> (keyyo-cti-elements/react); importing it defines the element and what it shows.
import { createComponent } from '@lit/react';
import * as React from 'react';
import { onDialRequest, onError, onSelectCall } from '../react-events.js';
import './keyyo-call-list.define.js';
import { KeyyoCallList as ElementClass } from './call-list.js';

export const KeyyoCallList = createComponent({
  react: React,
  tagName: 'keyyo-call-list',
  elementClass: ElementClass,
  events: { ...onSelectCall, ...onDialRequest, ...onError },
  displayName: 'KeyyoCallList',
});
