import { html, svg } from 'lit';
import type { Contact } from '../context.js';
import { initials } from './format.js';

const person = svg`<svg viewBox="0 0 24 24" width="60%" height="60%"><path fill="currentColor" d="M12 12a4.5 4.5 0 1 0 0-9 4.5 4.5 0 0 0 0 9m0 2c-4.1 0-8 2.1-8 5v2h16v-2c0-2.9-3.9-5-8-5"/></svg>`;

/** A contact's picture, else their initials, else a plain figure;
 * decorative, since the name or number is written next to it. */
export function renderAvatar(contact: Contact | undefined) {
  return html`<span part="avatar" class="avatar" aria-hidden="true"
    >${contact?.avatar ? html`<img src=${contact.avatar} alt="" referrerpolicy="no-referrer" />` : contact ? initials(contact.name) : person}</span
  >`;
}
