import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }

  .base {
    display: grid;
    gap: var(--_space);
    padding: var(--_space);
    background: var(--keyyo-call-actions-background, var(--_surface));
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }

  .summary,
  .error {
    margin: 0;
  }

  .summary {
    color: var(--_muted);
  }

  .summary strong {
    color: var(--_text);
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
