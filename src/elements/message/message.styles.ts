import { css } from 'lit';

export const styles = css`
  .base {
    --_background: var(--keyyo-message-background);
  }

  .entry {
    display: grid;
    gap: calc(var(--_space) * 0.5);
    font-size: 0.9em;
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

  .over {
    color: var(--_danger);
    font-weight: 600;
  }

  .send {
    padding: calc(var(--_space) * 0.9) calc(var(--_space) * 1.5);
    border-color: var(--_primary);
    background: var(--_primary);
    color: var(--_on-primary);
  }

  .result {
    margin: 0;
    color: var(--_success);
    font-size: 0.85em;
  }

  .result:empty {
    display: none;
  }
`;
