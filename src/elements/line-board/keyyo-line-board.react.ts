// The React component of <keyyo-line-board> (keyyo-cti-elements/react); importing it defines the element and what it shows.
import { createComponent } from '@lit/react';
import * as React from 'react';
import { onDialRequest, onError } from '../react-events.js';
import './keyyo-line-board.define.js';
import { KeyyoLineBoard as ElementClass } from './line-board.js';

export const KeyyoLineBoard = createComponent({
  react: React,
  tagName: 'keyyo-line-board',
  elementClass: ElementClass,
  events: { ...onDialRequest, ...onError },
  displayName: 'KeyyoLineBoard',
});
