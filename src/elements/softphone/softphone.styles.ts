import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    --_width: var(--keyyo-softphone-width, 22rem);
    --_offset: var(--keyyo-softphone-offset, 1rem);
  }

  .base {
    box-sizing: border-box;
    display: grid;
    gap: var(--_space);
    width: 100%;
    min-width: 280px;
    max-width: var(--_width);
    padding: var(--_space);
    background: var(--keyyo-softphone-background, var(--_surface));
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 1.5);
  }

  .header {
    display: flex;
    align-items: center;
    gap: var(--_space);
    font-size: 0.9em;
  }

  .status {
    flex: 1;
    display: flex;
    align-items: center;
    gap: 0.4em;
    min-width: 0;
    color: var(--_muted);
  }

  .status::before {
    content: '';
    flex: none;
    width: 0.6em;
    height: 0.6em;
    border-radius: 50%;
    background: var(--_muted);
  }

  .status.connected::before {
    background: var(--_success);
  }

  .status.error::before,
  .status.reconnecting::before {
    background: var(--_danger);
  }

  .status.error {
    color: var(--_danger);
  }

  .line {
    color: var(--_muted);
    white-space: nowrap;
  }

  .icon-button {
    display: grid;
    place-items: center;
    width: 2rem;
    height: 2rem;
    padding: 0;
    border: 1px solid var(--_border);
    border-radius: 50%;
    background: var(--_surface-alt);
    font-size: 1.1rem;
    line-height: 1;
  }

  /* One frame for the whole phone: the children lose their own borders. */
  keyyo-dialer::part(base),
  keyyo-call-list::part(base) {
    border: 0;
    padding: 0;
    background: transparent;
  }

  /* The tabs say what the list shows. */
  keyyo-call-list::part(heading),
  keyyo-dialer:not(.with-keypad)::part(keypad) {
    display: none;
  }

  keyyo-dialer::part(base) {
    grid-template-columns: 1fr auto;
  }

  keyyo-dialer::part(keypad),
  keyyo-dialer::part(message) {
    grid-column: 1 / -1;
  }

  keyyo-dialer::part(input) {
    min-width: 0;
  }

  keyyo-dialer::part(call-button) {
    padding-inline: 1.25em;
  }

  keyyo-call-list::part(list) {
    max-height: var(--keyyo-softphone-list-height, 16rem);
    overflow-y: auto;
  }

  .calls-header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space);
  }

  .tabs {
    display: flex;
    gap: 2px;
    padding: 2px;
    border-radius: 999px;
    background: var(--_surface-alt);
  }

  .tab {
    padding: 0.35em 0.9em;
    border: 0;
    border-radius: 999px;
    background: transparent;
    color: var(--_muted);
    font-weight: 600;
  }

  .tab[aria-selected='true'] {
    background: var(--_surface);
    color: var(--_text);
    box-shadow: 0 1px 2px rgb(0 0 0 / 0.15);
  }

  .badge {
    display: inline-grid;
    place-items: center;
    min-width: 1.3em;
    height: 1.3em;
    padding: 0 0.3em;
    box-sizing: border-box;
    border-radius: 999px;
    background: var(--_danger);
    color: var(--_on-primary);
    font-size: 0.75em;
    font-weight: 700;
  }

  .clear,
  button.notifications {
    border: 0;
    background: transparent;
    color: var(--_primary);
    font-size: 0.85em;
    text-decoration: underline;
  }

  .notifications,
  .pending-logs {
    justify-self: start;
    margin: 0;
    padding: 0;
    font-size: 0.85em;
    color: var(--_muted);
  }

  /* Floating: a launcher in a corner, the phone above or below it. */
  :host([floating]) {
    position: fixed;
    z-index: var(--keyyo-softphone-z-index, 1000);
    display: flex;
    flex-direction: column-reverse;
    align-items: flex-end;
    gap: var(--_space);
    bottom: var(--_offset);
    right: var(--_offset);
    max-width: calc(100vw - 2 * var(--_offset));
  }

  :host([floating][placement^='top']) {
    flex-direction: column;
    top: var(--_offset);
    bottom: auto;
  }

  :host([floating][placement$='left']) {
    align-items: flex-start;
    left: var(--_offset);
    right: auto;
  }

  .panel {
    width: var(--_width);
    max-width: 100%;
    max-height: calc(100vh - 5rem - 2 * var(--_offset));
    overflow: auto;
    border-radius: calc(var(--_radius) * 1.5);
    /* A ring in the text's color stands out on light and dark pages alike. */
    box-shadow:
      0 0 0 1px color-mix(in srgb, var(--_text) 35%, transparent),
      0 12px 32px rgb(0 0 0 / 0.3);
  }

  .panel[hidden] {
    display: none;
  }

  .launcher {
    position: relative;
    display: grid;
    place-items: center;
    width: 3.5rem;
    height: 3.5rem;
    border: 0;
    border-radius: 50%;
    background: var(--_primary);
    color: var(--_on-primary);
    box-shadow: 0 6px 18px rgb(0 0 0 / 0.25);
  }

  .launcher .badge {
    position: absolute;
    top: -0.2rem;
    right: -0.2rem;
    font-size: 0.8rem;
  }

  .launcher.ringing {
    background: var(--_success);
    animation: ring 1s ease-in-out infinite;
  }

  @keyframes ring {
    50% {
      box-shadow: 0 0 0 0.6rem color-mix(in srgb, var(--_success) 25%, transparent);
    }
  }

  @media (prefers-reduced-motion: reduce) {
    .launcher.ringing {
      animation: none;
      outline: 3px solid color-mix(in srgb, var(--_success) 45%, transparent);
    }
  }
`;
