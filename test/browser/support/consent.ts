import { html, render } from 'lit';
import '../../../src/define/tpe-consent.js';
import type { TpeConsent } from '../../../src/elements/tpe-consent.js';
import type { AuthProvider } from '../../../src/auth/auth-provider.js';
import type { ConsentStatus } from '../../../src/consent/consent-events.js';
import { devTenant, resetDevTenant } from './dev-tenant.js';

export const SUPPORT_LINE = 'f8b63395-8661-410a-b058-401f375f1a70';
export const SALES_LINE = '1fe59097-2104-4112-9d39-47822ead16b8';

export interface Recorded {
  type: string;
  detail: unknown;
}

/** Every `tpe-` event the element fires, in order, as a host page would see them. */
export function recordEvents(el: HTMLElement): Recorded[] {
  const seen: Recorded[] = [];
  for (const type of ['tpe-signed-in', 'tpe-signed-out', 'tpe-status-change', 'tpe-consent-granted', 'tpe-resource-account-linked', 'tpe-resource-account-unlinked', 'tpe-agent-access-changed', 'tpe-error']) {
    el.addEventListener(type, (event) => seen.push({ type, detail: (event as CustomEvent).detail }));
  }
  return seen;
}

export function statuses(events: Recorded[]): string[] {
  return events.filter((e) => e.type === 'tpe-status-change').map((e) => (e.detail as { status: string }).status);
}

/** Puts a `<tpe-consent>` on the page, pointed at the test proxy, and waits until it has loaded. */
export async function mountConsent(
  options: { mode?: 'agent' | 'admin'; persona?: 'ccaas' | 'teams'; proxyUrl?: string; authProvider?: AuthProvider } = {},
  /** Where to put it (e.g. under a context provider); a new element at the end of the body otherwise. */
  parent?: HTMLElement,
): Promise<{ el: TpeConsent; events: Recorded[] }> {
  const { proxyUrl } = await devTenant();
  const host = document.createElement('div');
  (parent ?? document.body).append(host);
  render(
    html`<tpe-consent
      mode=${options.mode ?? 'agent'}
      persona=${options.persona ?? 'ccaas'}
      proxy-url=${options.proxyUrl ?? proxyUrl}
      redirect-uri=${new URL('/test/browser/redirect.html', location.origin).href}
      admin-consent-redirect-uri=${new URL('/test/browser/admin-consent-done.html', location.origin).href}
      .authProvider=${options.authProvider}
    ></tpe-consent>`,
    host,
  );
  const el = host.querySelector('tpe-consent')!;
  const events = recordEvents(el);
  await until(() => Boolean(el.shadowRoot?.querySelector('[part~="status"]')), 'the element to load');
  return { el, events };
}

/** Waits until `condition` holds; `refresh` (e.g. reading the far end's state) runs before each look. */
export async function until(condition: () => boolean, what: string, timeoutMs = 15_000, refresh?: () => Promise<unknown>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await refresh?.();
    if (condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, refresh ? 100 : 20));
  }
}

export function waitForStatus(el: TpeConsent, status: ConsentStatus): Promise<void> {
  return until(() => el.status === status, `status ${status} (is ${el.status})`);
}

export function part(el: HTMLElement, name: string): HTMLElement | null {
  return el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
}

export function click(el: HTMLElement, name: string): void {
  const button = part(el, name);
  if (!button) throw new Error(`no ${name} in ${el.shadowRoot!.innerHTML}`);
  button.click();
}

const JWT = /eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]+/;

/** No token in the DOM, attributes, events, console output or localStorage. */
export function assertNoTokenLeaks(el: HTMLElement, events: Recorded[], consoleLines: string[]): void {
  const places: [string, string][] = [
    ['light DOM', document.documentElement.outerHTML],
    ['shadow DOM', el.shadowRoot!.innerHTML],
    ['attributes', [...el.attributes].map((a) => `${a.name}=${a.value}`).join(' ')],
    ['events', JSON.stringify(events)],
    ['console', consoleLines.join('\n')],
    ['localStorage', JSON.stringify({ ...localStorage })],
  ];
  for (const [where, text] of places) if (JWT.test(text)) throw new Error(`a token leaked into ${where}`);
}

/** Captures console output while a test runs (replacing console methods is the point here). */
/* eslint-disable no-console */
export function captureConsole(): { lines: string[]; restore(): void } {
  const lines: string[] = [];
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const originals = methods.map((m) => console[m]);
  methods.forEach((m) => {
    console[m] = (...args: unknown[]) => {
      lines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    };
  });
  return { lines, restore: () => methods.forEach((m, i) => (console[m] = originals[i]!)) };
}
/* eslint-enable no-console */

/**
 * The hooks of a `<tpe-consent>` suite: each test starts on a fresh dev tenant with the console watched (for
 * token leaks) and leaves no element behind. Call inside `describe`; `lines()` is what the console said.
 */
export function useConsentPage(): { lines(): string[] } {
  let capture: ReturnType<typeof captureConsole> | undefined;
  beforeEach(async () => {
    await resetDevTenant();
    capture = captureConsole();
  });
  afterEach(() => {
    capture?.restore();
    document.querySelectorAll('tpe-consent').forEach((el) => el.parentElement!.remove());
  });
  return { lines: () => capture?.lines ?? [] };
}
