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
  }

  /* Rows off screen are neither styled, laid out nor painted: a thousand
     rows cost about what the screenful shown does. */
  .call {
    display: flex;
    align-items: center;
    gap: calc(var(--_space) * 0.5);
    border-radius: calc(var(--_radius) * 0.75);
    content-visibility: auto;
    contain-intrinsic-size: auto 3.25rem;
  }

  .call + .call {
    margin-top: 2px;
  }

  .select {
    flex: 1;
    min-width: 0;
    display: grid;
    grid-template-columns: auto 1fr auto;
    grid-template-areas: 'avatar party time' 'avatar meta time';
    column-gap: var(--_space);
    align-items: center;
    padding: calc(var(--_space) * 0.75) var(--_space);
    border: 0;
    border-radius: inherit;
    background: transparent;
    text-align: start;
  }

  /* Inside the row, whose painting stops at its edges. */
  .select:focus-visible {
    outline-offset: -2px;
  }

  .avatar {
    grid-area: avatar;
    --_avatar-size: 2rem;
  }

  .call-back {
    display: grid;
    place-items: center;
    width: 2.25rem;
    height: 2.25rem;
    margin-inline-end: calc(var(--_space) * 0.5);
    border: 1px solid var(--_border);
    border-radius: 50%;
    background: var(--_surface);
    color: var(--_success);
  }

  .call-back:hover {
    background: var(--_surface-alt);
  }

  .message {
    margin: var(--_space) 0 0;
    color: var(--_danger);
  }

  .message:empty {
    display: none;
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
