import { css } from 'lit';

export const styles = css`
  .base {
    --_background: var(--keyyo-wrap-up-background);
  }

  .heading {
    margin: 0;
    font-size: 1em;
  }

  .entry {
    display: grid;
    gap: calc(var(--_space) * 0.5);
    font-size: 0.9em;
  }

  textarea,
  select {
    font: inherit;
    color: inherit;
  }

  textarea {
    resize: vertical;
  }

  .footer {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space);
  }

  .footer p {
    margin: 0;
    flex: 1 1 12rem;
  }

  .buttons {
    display: flex;
    gap: var(--_space);
  }

  .save {
    border-color: var(--_primary);
    background: var(--_primary);
    color: var(--_on-primary);
  }
`;
