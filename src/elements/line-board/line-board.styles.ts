import { css } from 'lit';

export const styles = css`
  :host {
    container-type: inline-size;
  }

  .base {
    --_background: var(--keyyo-line-board-background);
  }

  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: 0 var(--_space);
  }

  .list {
    list-style: none;
    margin: 0;
    padding: 0;
  }

  /* Rows off screen are neither styled, laid out nor painted: two hundred
     lines cost about what the screenful shown does. */
  .line {
    display: grid;
    /* Names take what they need, up to 14rem: a wide board keeps each
       status next to its name. */
    grid-template-columns: auto minmax(6rem, 14rem) minmax(8rem, 1fr) auto;
    grid-template-areas: 'presence who status actions' '. message message message';
    align-items: center;
    gap: 0 var(--_space);
    padding: calc(var(--_space) * 0.6) var(--_space);
    border-radius: calc(var(--_radius) * 0.75);
    content-visibility: auto;
    contain-intrinsic-size: auto 2.75rem;
  }

  .line + .line {
    margin-top: 2px;
  }

  .line:hover {
    background: var(--_surface-alt);
  }

  .presence {
    grid-area: presence;
    box-sizing: border-box;
    width: 0.75rem;
    height: 0.75rem;
    border-radius: 50%;
    border: 2px solid var(--_border);
  }

  .free .presence {
    border: 0;
    background: var(--keyyo-line-board-free-color, var(--_success));
  }

  .ringing .presence {
    border: 0;
    background: var(--keyyo-line-board-ringing-color, var(--_primary));
  }

  .busy .presence {
    border: 0;
    background: var(--keyyo-line-board-busy-color, var(--_danger));
  }

  .who {
    grid-area: who;
    display: grid;
    min-width: 0;
  }

  .name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }

  .status {
    grid-area: status;
    min-width: 0;
  }

  .ringing .status {
    color: var(--_primary);
    font-weight: 600;
  }

  .actions {
    grid-area: actions;
    display: flex;
    flex-wrap: wrap;
    justify-content: end;
    gap: calc(var(--_space) * 0.5);
  }

  .pill {
    font-size: 0.85em;
  }

  .call {
    color: var(--_success);
  }

  .message {
    grid-area: message;
  }

  .empty {
    margin: 0;
    color: var(--_muted);
  }

  @container (max-width: 30rem) {
    .line {
      grid-template-columns: auto minmax(0, 1fr) auto;
      grid-template-areas: 'presence who actions' '. status status' '. message message';
    }
  }
`;
