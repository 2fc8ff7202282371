import { html } from 'lit';

/**
 * A read-only value with a Copy button (admin-consent links, commands for an administrator). Its look lives
 * in shared.styles.ts, never in a `style` attribute, which a page's strict CSP (no 'unsafe-inline') refuses.
 */
export function copyable(label: string, value: string, copyLabel: string, part: string, multiline = false) {
  const copy = async (event: Event) => {
    const button = event.currentTarget as HTMLButtonElement;
    await navigator.clipboard?.writeText(value).catch(() => undefined);
    button.dataset.copied = 'true';
  };
  return html`<div class="copyable" part=${part}>
    ${multiline
      ? html`<code class="multiline" aria-label=${label}>${value}</code>`
      : html`<input readonly aria-label=${label} .value=${value} @focus=${(e: FocusEvent) => (e.target as HTMLInputElement).select()} />`}
    <button class="secondary" part="copy-button" aria-label="${copyLabel}: ${label}" @click=${copy}>${copyLabel}</button>
  </div>`;
}
