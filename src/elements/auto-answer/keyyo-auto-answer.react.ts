// The React component of <keyyo-auto-answer> (keyyo-cti-elements/react); importing it defines the element and what it shows.
import { createComponent } from '@lit/react';
import * as React from 'react';
import { onError } from '../react-events.js';
import './keyyo-auto-answer.define.js';
import { KeyyoAutoAnswer as ElementClass } from './auto-answer.js';

export const KeyyoAutoAnswer = createComponent({
  react: React,
  tagName: 'keyyo-auto-answer',
  elementClass: ElementClass,
  events: onError,
  displayName: 'KeyyoAutoAnswer',
});
