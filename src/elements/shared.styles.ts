import { css } from 'lit';

/**
 * Shared look of the tpe elements. Each public `--tpe-*` custom property is read once, on `:host`, into a
 * private `--_*` token with its fallback (Material Web's component tokens), and the dark scheme's fallbacks are
 * set once below it; every rule reads the private token. A page themes all elements from `:root` or one
 * element on its tag, and still restyles one region through its parts.
 *
 * A `-deep` token keeps the light scheme's deeper hue in the dark scheme too: under white text (a hang-up
 * button) and in faint tints (a pressed toggle). Table rules are fainter than the frame, so
 * the border colour has two fallbacks.
 *
 * Hover tints whatever colour a button has (primary, secondary, answer, hang up), and only where it can be
 * pressed; a disabled button looks it (faded, a not-allowed pointer, GrayText in forced colours). Why a rule
 * is there is said here rather than in the CSS, which ships as written.
 */
export const sharedStyles = css`
  :host {
    --_font: var(--tpe-font, inherit);
    --_mono-font: var(--tpe-mono-font, 0.85rem ui-monospace, monospace);
    --_title-size: var(--tpe-title-size, 1.05rem);
    --_subtitle-size: var(--tpe-subtitle-size, 1rem);
    --_text: var(--tpe-color-text, CanvasText);
    --_surface: var(--tpe-color-surface, Canvas);
    --_border: var(--tpe-color-border, color-mix(in srgb, currentColor 25%, transparent));
    --_rule: var(--tpe-color-border, color-mix(in srgb, currentColor 20%, transparent));
    --_muted: var(--tpe-color-muted, color-mix(in srgb, currentColor 75%, transparent));
    --_focus: var(--tpe-color-focus, Highlight);
    --_radius: var(--tpe-radius, 0.6rem);
    --_spacing: var(--tpe-spacing, 1rem);
    --_button-radius: var(--tpe-button-radius, 0.4rem);
    --_primary-deep: var(--tpe-color-primary, #0f6cbd);
    --_primary: var(--_primary-deep);
    --_on-primary: var(--tpe-color-on-primary, #fff);
    --_primary-text: var(--tpe-color-primary-text, LinkText);
    --_danger-deep: var(--tpe-color-danger, #b3261e);
    --_danger: var(--_danger-deep);
    display: block;
    color-scheme: light dark;
    font: var(--_font);
    color: var(--_text);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_primary: var(--tpe-color-primary, #479ef5);
      --_on-primary: var(--tpe-color-on-primary, #0a0a0a);
      --_danger: var(--tpe-color-danger, #ffb4ab);
    }
  }
  :host([hidden]) {
    display: none;
  }
  [part~='base'] {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_spacing);
    background: var(--_surface);
  }
  h2 {
    font-size: var(--_title-size);
    margin: 0 0 0.5rem;
  }
  h2:focus {
    outline: none;
  }
  p {
    margin: 0.25rem 0 0.75rem;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  button {
    font: inherit;
    padding: 0.45rem 0.95rem;
    border-radius: var(--_button-radius);
    border: 1px solid var(--_primary);
    background: var(--_primary);
    color: var(--_on-primary);
    cursor: pointer;
  }
  button.secondary {
    background: transparent;
    color: var(--_primary-text);
  }
  button:hover:not(:disabled) {
    box-shadow: inset 0 0 0 100vmax color-mix(in srgb, currentColor 12%, transparent);
  }
  button:disabled {
    opacity: 0.45;
    cursor: not-allowed;
  }
  @media (forced-colors: active) {
    button:disabled {
      color: GrayText;
      border-color: GrayText;
    }
  }
  button:focus-visible,
  input:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  .remedy {
    color: var(--_muted);
  }
  .problem {
    color: var(--_danger);
  }
  .copyable {
    display: flex;
    gap: 0.5rem;
    align-items: center;
    margin-bottom: 0.75rem;
  }
  .copyable input,
  .copyable code {
    flex: 1;
    min-width: 0;
    font: var(--_mono-font);
    padding: 0.35rem;
    overflow-wrap: anywhere;
  }
  /* A script keeps its lines: the administrator reads it line by line before running it. */
  .copyable code.multiline {
    white-space: pre-wrap;
  }
  h3 {
    font-size: var(--_subtitle-size);
    margin: 1rem 0 0.5rem;
  }
  .scroll {
    overflow-x: auto;
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th,
  td {
    text-align: start;
    vertical-align: top;
    padding: 0.4rem 0.5rem;
    border-bottom: 1px solid var(--_rule);
  }
  form[role='search'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }
  input[type='search'] {
    font: inherit;
    padding: 0.35rem;
  }
  ul.directory {
    list-style: none;
    padding: 0;
  }
  ul.directory li {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: center;
    padding: 0.4rem 0;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
