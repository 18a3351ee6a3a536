import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }

  .base {
    display: grid;
    gap: var(--_space);
    padding: var(--_space);
    background: var(--keyyo-message-background, var(--_surface));
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }

  .field {
    display: grid;
    gap: calc(var(--_space) * 0.5);
    font-size: 0.9em;
  }

  input,
  textarea {
    box-sizing: border-box;
    width: 100%;
    padding: calc(var(--_space) * 0.75);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }

  textarea {
    font: inherit;
    color: inherit;
    resize: vertical;
  }

  textarea[aria-invalid='true'] {
    border-color: var(--_danger);
  }

  .footer {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space);
  }

  .count {
    color: var(--_muted);
    font-size: 0.85em;
    font-variant-numeric: tabular-nums;
  }

  .count.over {
    color: var(--_danger);
    font-weight: 600;
  }

  .send {
    padding: calc(var(--_space) * 0.9) calc(var(--_space) * 1.5);
    border: 0;
    border-radius: 999px;
    background: var(--_primary);
    color: var(--_on-primary);
    font-weight: 600;
  }

  .send[aria-busy='true'] {
    cursor: progress;
  }

  .result,
  .message {
    margin: 0;
    font-size: 0.9em;
  }

  .result {
    color: var(--_success);
  }

  .message {
    color: var(--_danger);
  }

  .result:empty,
  .message:empty {
    display: none;
  }
`;
