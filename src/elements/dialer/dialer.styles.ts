import { css } from 'lit';

export const styles = css`
  :host {
    --_background: var(--keyyo-dialer-background);
  }

  input {
    padding: calc(var(--_space) * 1.25);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    font-size: 1.25rem;
    letter-spacing: 0.04em;
    font-variant-numeric: tabular-nums;
  }

  input[aria-invalid='true'] {
    border-color: var(--_danger);
  }

  .keypad {
    display: grid;
    grid-template-columns: repeat(3, 1fr);
    gap: calc(var(--_space) * 0.75);
  }

  .key {
    padding: calc(var(--_space) * 1.25) 0;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface-alt);
    font-size: 1.1rem;
    font-weight: 600;
  }

  .key:hover:not(:disabled) {
    border-color: var(--_primary);
  }

  .call {
    padding: calc(var(--_space) * 1.25);
    border: 0;
    border-radius: 999px;
    background: var(--keyyo-dialer-call-background, var(--_success));
    color: var(--_on-primary);
    font-weight: 700;
  }

  .message {
    margin: 0;
    color: var(--_muted);
    font-size: 0.9em;
  }

  .message:empty {
    display: none;
  }

  .message[role='alert'] {
    color: var(--_danger);
  }
`;
