import { css } from 'lit';

export const styles = css`
  .base {
    --_background: var(--keyyo-auto-answer-background);
    grid-template-columns: auto 1fr;
    grid-template-areas: 'switch label' '. description' '. message';
    align-items: center;
    gap: calc(var(--_space) * 0.25) var(--_space);
  }

  .switch {
    grid-area: switch;
    padding: 2px;
    border: 0;
    border-radius: 999px;
    background: transparent;
  }

  .track {
    display: block;
    box-sizing: border-box;
    width: 2.75rem;
    height: 1.5rem;
    padding: 2px;
    border: 2px solid var(--_muted);
    border-radius: 999px;
    background: var(--_surface);
    transition: background-color 0.15s;
  }

  .thumb {
    display: block;
    width: 1rem;
    height: 1rem;
    border-radius: 50%;
    background: var(--_muted);
    transition: transform 0.15s;
  }

  [aria-checked='true'] .track {
    border-color: var(--keyyo-auto-answer-on-color, var(--_success));
    background: var(--keyyo-auto-answer-on-color, var(--_success));
  }

  [aria-checked='true'] .thumb {
    background: var(--_on-primary);
    transform: translateX(1.25rem);
  }

  .switch[aria-busy='true'] {
    cursor: progress;
  }

  @media (prefers-reduced-motion: reduce) {
    .track,
    .thumb {
      transition: none;
    }
  }

  .label {
    grid-area: label;
    font-weight: 600;
  }

  .description {
    grid-area: description;
    color: var(--_muted);
    font-size: 0.85em;
  }

  .message {
    grid-area: message;
  }
`;
