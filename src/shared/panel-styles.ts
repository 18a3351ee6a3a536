import { css } from 'lit';

// Apart from styles.ts: a softphone's first load has no panel.

/**
 * What the team view's elements share besides their frame: a title,
 * quieter words (numbers, times, states), fields, a line saying what
 * failed, and round buttons.
 */
export const panelStyles = css`
  .heading {
    margin: 0;
    font-size: 1rem;
  }

  .quiet {
    color: var(--_muted);
    font-size: 0.85em;
    font-variant-numeric: tabular-nums;
  }

  .field {
    box-sizing: border-box;
    width: 100%;
    padding: calc(var(--_space) * 0.75);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }

  .message {
    margin: 0;
    color: var(--_danger);
    font-size: 0.85em;
  }

  .message:empty {
    display: none;
  }

  .pill {
    padding: calc(var(--_space) * 0.5) var(--_space);
    border: 1px solid var(--_border);
    border-radius: 999px;
    background: var(--_surface-alt);
    font-weight: 600;
  }

  .pill[aria-busy='true'] {
    cursor: progress;
  }
`;
