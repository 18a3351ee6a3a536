import { css } from 'lit';

export const styles = css`
  :host {
    --_background: var(--keyyo-call-actions-background);
  }

  .error,
  .who {
    margin: 0;
  }

  .summary {
    display: flex;
    align-items: center;
    gap: var(--_space);
    min-width: 0;
  }

  .empty {
    color: var(--_muted);
  }

  /* No call: a line of quiet text, not a box that looks like a field. */
  .idle {
    padding-inline: 0;
    border-color: transparent;
    background: none;
  }

  .who {
    display: grid;
    min-width: 0;
  }

  .party {
    overflow-wrap: anywhere;
  }

  .number,
  .state {
    color: var(--_muted);
    font-size: 0.9em;
    font-variant-numeric: tabular-nums;
  }

  .setup .state {
    color: var(--_success);
    font-weight: 600;
  }

  .link {
    color: var(--_primary);
    font-size: 0.9em;
  }

  .error:empty {
    display: none;
  }

  .error {
    color: var(--_danger);
  }

  .actions,
  .prompt-buttons {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 0.75);
  }

  .button {
    padding: calc(var(--_space) * 0.9) calc(var(--_space) * 1.5);
    border: 1px solid var(--_border);
    border-radius: 999px;
    background: var(--_surface-alt);
    font-weight: 600;
  }

  .button[aria-busy='true'] {
    cursor: progress;
    opacity: 0.7;
  }

  .answer {
    background: var(--_success);
    border-color: var(--_success);
    color: var(--_on-primary);
  }

  .reject,
  .hang-up {
    background: var(--_danger);
    border-color: var(--_danger);
    color: var(--_on-primary);
  }

  .prompt {
    display: grid;
    gap: var(--_space);
    padding: var(--_space);
    border-radius: var(--_radius);
    background: var(--_surface-alt);
  }

  .prompt label {
    display: grid;
    gap: calc(var(--_space) * 0.5);
    font-size: 0.9em;
  }

  .prompt input,
  .prompt select {
    padding: calc(var(--_space) * 0.75);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
`;
