import { css } from 'lit';

/**
 * Shared look of the tpe elements. Every value reads a `--tpe-*` custom property with a fallback, so a page
 * can theme all elements from `:root` and still restyle one through its parts.
 *
 * Hover tints whatever colour a button has (primary, secondary, answer, hang up), and only where it can be
 * pressed; a disabled button looks it (faded, a not-allowed pointer, GrayText in forced colours). Why a rule
 * is there is said here rather than in the CSS, which ships as written.
 */
export const sharedStyles = css`
  :host {
    display: block;
    color-scheme: light dark;
    font: var(--tpe-font, inherit);
    color: var(--tpe-color-text, CanvasText);
  }
  :host([hidden]) {
    display: none;
  }
  [part~='base'] {
    border: 1px solid var(--tpe-color-border, color-mix(in srgb, currentColor 25%, transparent));
    border-radius: var(--tpe-radius, 0.6rem);
    padding: var(--tpe-spacing, 1rem);
    background: var(--tpe-color-surface, Canvas);
  }
  h2 {
    font-size: var(--tpe-title-size, 1.05rem);
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
    border-radius: var(--tpe-button-radius, 0.4rem);
    border: 1px solid var(--tpe-color-primary, #0f6cbd);
    background: var(--tpe-color-primary, #0f6cbd);
    color: var(--tpe-color-on-primary, #fff);
    cursor: pointer;
  }
  button.secondary {
    background: transparent;
    color: var(--tpe-color-primary-text, LinkText);
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
    outline: 2px solid var(--tpe-color-focus, Highlight);
    outline-offset: 2px;
  }
  .remedy {
    color: var(--tpe-color-muted, color-mix(in srgb, currentColor 75%, transparent));
  }
  .problem {
    color: var(--tpe-color-danger, #b3261e);
  }
  @media (prefers-color-scheme: dark) {
    .problem {
      color: var(--tpe-color-danger, #ffb4ab);
    }
    button {
      border-color: var(--tpe-color-primary, #479ef5);
      background: var(--tpe-color-primary, #479ef5);
      color: var(--tpe-color-on-primary, #0a0a0a);
    }
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
    font: var(--tpe-mono-font, 0.85rem ui-monospace, monospace);
    padding: 0.35rem;
    overflow-wrap: anywhere;
  }
  /* A script keeps its lines: the administrator reads it line by line before running it. */
  .copyable code.multiline {
    white-space: pre-wrap;
  }
  h3 {
    font-size: var(--tpe-subtitle-size, 1rem);
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
    border-bottom: 1px solid var(--tpe-color-border, color-mix(in srgb, currentColor 20%, transparent));
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
