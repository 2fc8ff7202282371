// What a server page renders with @lit-labs/ssr: each element in its main configurations. The Node test reads
// the markup; the browser test (through scripts/ssr-render.ts) hydrates the very same markup.
import { render } from '@lit-labs/ssr';
import { collectResult } from '@lit-labs/ssr/lib/render-result.js';
import { html, type TemplateResult } from 'lit';

export interface FixtureOptions {
  /** The token proxy the page points its `<tpe-consent>` at. */
  proxyUrl: string;
}

export const ssrFixtures = {
  /** An agent's sign-in. */
  agent: ({ proxyUrl }: FixtureOptions) => html`<tpe-consent id="agent-sign-in" proxy-url=${proxyUrl}></tpe-consent>`,
  /** An administrator's provisioning view, Teams persona. */
  admin: ({ proxyUrl }: FixtureOptions) => html`<tpe-consent id="admin-sign-in" mode="admin" persona="teams" proxy-url=${proxyUrl}></tpe-consent>`,
  /** An agent desktop: the sign-in and, beside it, the phone that takes its identity (`for`). */
  desk: ({ proxyUrl }: FixtureOptions) =>
    html`<tpe-consent id="desk-sign-in" proxy-url=${proxyUrl}></tpe-consent>
      <tpe-call-agent for="desk-sign-in" resource-account-id="support-line"></tpe-call-agent>`,
} satisfies Record<string, (options: FixtureOptions) => TemplateResult>;

export type FixtureName = keyof typeof ssrFixtures;

// The library is imported by URL: it is typed against the DOM (tsconfig.json), and this Node program is not.
const library = (path: string) => import(new URL(`../../src/${path}`, import.meta.url).href);

/** Imports the library entry and the define modules, as a server that renders the elements does. */
export async function importLibrary(): Promise<{ defineTpeElements(prefix?: string): void; defineTpeConsent(tag?: string): void; defineTpeCallAgent(tag?: string): void }> {
  await library('define/tpe-consent.js');
  await library('define/tpe-call-agent.js');
  return library('index.js');
}

export async function renderTemplate(template: TemplateResult): Promise<string> {
  await importLibrary();
  return collectResult(render(template));
}

export function renderFixture(name: FixtureName, options: FixtureOptions): Promise<string> {
  return renderTemplate(ssrFixtures[name](options));
}
