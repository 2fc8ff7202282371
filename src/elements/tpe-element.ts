import { LitElement, html, type TemplateResult } from 'lit';
import { sharedStyles } from './shared.styles.js';

/**
 * What both elements share: the frame (the `base` part, a polite live region), the heading that announces the
 * state (the `status` part, focusable so focus can follow the person to an outcome), their words (the defaults
 * with the page's `strings` laid over them) and the look every `--tpe-*` property themes.
 *
 * @csspart base - The element's frame.
 * @csspart status - The heading that announces the current state.
 * @cssprop --tpe-color-primary - Buttons and accents (#0f6cbd light, #479ef5 dark).
 * @cssprop --tpe-color-on-primary - Text on primary buttons.
 * @cssprop --tpe-color-primary-text - Secondary buttons' text (LinkText).
 * @cssprop --tpe-color-text - Text (CanvasText).
 * @cssprop --tpe-color-surface - The frame's background (Canvas).
 * @cssprop --tpe-color-border - The frame's border.
 * @cssprop --tpe-color-muted - Remedies and hints.
 * @cssprop --tpe-color-danger - Problems, hang-up and decline.
 * @cssprop --tpe-color-focus - Focus rings (Highlight).
 * @cssprop --tpe-font - The font (inherited).
 * @cssprop --tpe-mono-font - Links and commands to copy.
 * @cssprop --tpe-radius - The frame's corner radius.
 * @cssprop --tpe-button-radius - Buttons' corner radius.
 * @cssprop --tpe-spacing - The frame's padding.
 * @cssprop --tpe-title-size - The heading's size.
 * @cssprop --tpe-subtitle-size - Section headings' size.
 */
export abstract class TpeElement<Strings extends object> extends LitElement {
  static override styles = [sharedStyles];

  /**
   * The page's words for this element (any subset), laid over `defaultStrings`; each element documents its own.
   * @ignore
   */
  abstract strings: Partial<Strings>;
  protected abstract readonly defaultStrings: Strings;

  protected get text(): Strings {
    return { ...this.defaultStrings, ...this.strings };
  }

  /** The frame every state is shown in. */
  protected frame(...content: unknown[]): TemplateResult {
    return html`<section part="base" aria-live="polite">${content}</section>`;
  }

  /** The heading of a state. */
  protected heading(text: string): TemplateResult {
    return html`<h2 part="status" tabindex="-1">${text}</h2>`;
  }
}
