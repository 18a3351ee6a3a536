import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }

  .base {
    background: var(--keyyo-call-list-background, var(--_surface));
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space);
  }

  .heading {
    margin: 0 0 var(--_space);
    font-size: 1rem;
  }

  .list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 2px;
  }

  .call {
    display: grid;
    grid-template-columns: 1fr auto;
    grid-template-areas: 'party time' 'meta time';
    align-items: center;
    padding: calc(var(--_space) * 0.75) var(--_space);
    border-radius: calc(var(--_radius) * 0.75);
    cursor: pointer;
  }

  .call:hover {
    background: var(--_surface-alt);
  }

  .call.selected {
    background: var(--keyyo-call-list-selected-background, color-mix(in srgb, var(--_primary) 16%, transparent));
    box-shadow: inset 3px 0 0 var(--_primary);
  }

  .party {
    grid-area: party;
    font-weight: 600;
    overflow-wrap: anywhere;
  }

  .meta {
    grid-area: meta;
    color: var(--_muted);
    font-size: 0.85em;
  }

  .time {
    grid-area: time;
    font-variant-numeric: tabular-nums;
    color: var(--_muted);
  }

  .active .time {
    color: var(--_text);
    font-weight: 600;
  }

  .ringing .meta {
    color: var(--_success);
    font-weight: 600;
  }

  .missed .party,
  .missed .meta {
    color: var(--keyyo-call-list-missed-color, var(--_danger));
  }

  .empty {
    margin: 0;
    color: var(--_muted);
  }

  .more {
    margin-top: var(--_space);
    width: 100%;
    padding: calc(var(--_space) * 0.75);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: transparent;
  }
`;
