import { css } from 'lit';

/**
 * The design tokens every element reads. Public `--keyyo-*` properties are
 * only read, with fallbacks, so the page's values win; the elements work
 * with private `--_*` copies, which switch to dark values with the system.
 * The manifest lists these on every element that includes `tokens`.
 *
 * @cssprop --keyyo-font-family - Global font.
 * @cssprop --keyyo-radius - Global corner radius (default 0.5rem).
 * @cssprop --keyyo-spacing - Global spacing unit (default 0.5rem).
 * @cssprop --keyyo-color-surface - Global surface color.
 * @cssprop --keyyo-color-surface-alt - Global color of secondary surfaces.
 * @cssprop --keyyo-color-text - Global text color.
 * @cssprop --keyyo-color-text-muted - Global color of secondary text.
 * @cssprop --keyyo-color-border - Global border color.
 * @cssprop --keyyo-color-primary - Global accent color.
 * @cssprop --keyyo-color-on-primary - Global color of text on the accent color.
 * @cssprop --keyyo-color-success - Global color of positive actions.
 * @cssprop --keyyo-color-danger - Global color of negative actions and alerts.
 * @cssprop --keyyo-color-focus - Global color of the focus ring.
 */
export const tokens = css`
  :host {
    --_font: var(--keyyo-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_radius: var(--keyyo-radius, 0.5rem);
    --_space: var(--keyyo-spacing, 0.5rem);
    --_surface: var(--keyyo-color-surface, #ffffff);
    --_surface-alt: var(--keyyo-color-surface-alt, #f2f4f8);
    --_text: var(--keyyo-color-text, #1b2330);
    --_muted: var(--keyyo-color-text-muted, #5b6678);
    --_border: var(--keyyo-color-border, #d5dbe5);
    --_primary: var(--keyyo-color-primary, #1463d9);
    --_on-primary: var(--keyyo-color-on-primary, #ffffff);
    --_success: var(--keyyo-color-success, #0f7040);
    --_danger: var(--keyyo-color-danger, #c62f3b);
    --_focus: var(--keyyo-color-focus, #1463d9);
    font-family: var(--_font);
    color: var(--_text);
  }

  @media (prefers-color-scheme: dark) {
    :host {
      --_surface: var(--keyyo-color-surface, #1a202a);
      --_surface-alt: var(--keyyo-color-surface-alt, #232b38);
      --_text: var(--keyyo-color-text, #e6eaf0);
      --_muted: var(--keyyo-color-text-muted, #9aa5b6);
      --_border: var(--keyyo-color-border, #343e4f);
      --_primary: var(--keyyo-color-primary, #6ea6ff);
      --_on-primary: var(--keyyo-color-on-primary, #0b1220);
      --_success: var(--keyyo-color-success, #4cc987);
      --_danger: var(--keyyo-color-danger, #ff7b86);
      --_focus: var(--keyyo-color-focus, #6ea6ff);
    }
  }

  :host([hidden]) {
    display: none !important;
  }

  button,
  input,
  select {
    font: inherit;
    color: inherit;
  }

  button {
    cursor: pointer;
  }

  button:disabled,
  button[aria-disabled='true'] {
    cursor: not-allowed;
    opacity: 0.55;
  }

  :focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;

/** A round picture or initials beside a name. */
export const avatarStyles = css`
  .avatar {
    display: inline-grid;
    place-items: center;
    flex: none;
    width: var(--_avatar-size, 2.25rem);
    height: var(--_avatar-size, 2.25rem);
    border-radius: 50%;
    overflow: hidden;
    background: color-mix(in srgb, var(--_primary) 18%, var(--_surface));
    /* The accent toned toward the text: initials read at 4.5:1 and more. */
    color: color-mix(in srgb, var(--_primary) 75%, var(--_text));
    font-weight: 700;
    font-size: 0.85em;
  }

  .avatar img {
    width: 100%;
    height: 100%;
    object-fit: cover;
  }
`;

/** A block element's frame, `.base`, with its own surface: each element
 * points `--_background` at its own background property. */
export const frameStyles = css`
  :host {
    display: block;
  }

  .base {
    display: grid;
    gap: var(--_space);
    padding: var(--_space);
    background: var(--_background, var(--_surface));
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
`;
