import { css } from 'lit';

export const styles = css`
  .base {
    --_background: var(--keyyo-call-park-background);
  }

  .list {
    display: grid;
    gap: 2px;
    list-style: none;
    margin: 0;
    padding: 0;
  }

  .parked {
    display: grid;
    grid-template-columns: auto 1fr auto auto;
    grid-template-areas: 'slot party time take' 'slot number time take';
    align-items: center;
    gap: 0 var(--_space);
    padding: calc(var(--_space) * 0.75) var(--_space);
    border-radius: calc(var(--_radius) * 0.75);
    cursor: pointer;
  }

  .parked:hover {
    background: var(--_surface-alt);
  }

  .slot {
    grid-area: slot;
    min-width: 2.25rem;
    padding: calc(var(--_space) * 0.4) calc(var(--_space) * 0.6);
    border-radius: var(--_radius);
    background: color-mix(in srgb, var(--_primary) 16%, var(--_surface));
    color: var(--_primary);
    font-weight: 700;
    text-align: center;
    font-variant-numeric: tabular-nums;
  }

  .party {
    grid-area: party;
    font-weight: 600;
    overflow-wrap: anywhere;
  }

  .number {
    grid-area: number;
  }

  .time {
    grid-area: time;
  }

  .take {
    grid-area: take;
    color: var(--_success);
    font-size: 0.85em;
  }

  .empty {
    margin: 0;
  }

  .form {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: var(--_space);
  }

  .slot-field {
    display: grid;
    gap: calc(var(--_space) * 0.5);
    font-size: 0.9em;
  }

  .slot-field .field {
    width: 8rem;
  }

  .park {
    padding: calc(var(--_space) * 0.9) calc(var(--_space) * 1.5);
  }

  /* Why the button is disabled: a line of its own under the field. */
  #park-hint {
    flex-basis: 100%;
  }
`;
