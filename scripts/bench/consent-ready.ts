// "Page load to <tpe-consent> ready" for `npm run bench:call-agent`: on each signed-in page load, how long
// after the navigation started the agent's <tpe-consent> announced "ready" (settings read, MSAL restored
// from its cache, the agent's tokens, assignment and exchange checked), and which token-proxy requests the
// load made on the way. The time is taken in the page, when the element fires tpe-status-change, on the
// navigation's own clock (performance.now() counts from its start), so nothing the bench does around the
// load is in it.
import type { Page } from 'playwright-core';
import { percentile, sorted } from './stats.js';

/** Installed before the page's own scripts (with addInitScript): remembers when the agent's element said "ready". */
export const CONSENT_READY_RECORDER = String.raw`(() => {
  document.addEventListener('tpe-status-change', (event) => {
    const el = event.composedPath()[0];
    if (el && el.id === 'agent-sign-in' && event.detail.status === 'ready' && window.__tpeConsentReadyMs === undefined) {
      window.__tpeConsentReadyMs = performance.now();
    }
  });
})();`;

/** When this page load's agent <tpe-consent> first said "ready", in ms from the navigation's start. */
export async function consentReadyMs(page: Page): Promise<number> {
  const value = (await page.evaluate('window.__tpeConsentReadyMs')) as number | undefined;
  if (typeof value !== 'number') throw new Error('the agent <tpe-consent> never fired tpe-status-change "ready" on this load');
  return value;
}

/** Counts the page's requests to the token proxy by path (CORS preflights left out), for the current load. */
export class ProxyRequestCounter {
  #counts: Record<string, number> = {};

  constructor(page: Page, proxyUrl: string) {
    page.on('request', (request) => {
      if (!request.url().startsWith(proxyUrl) || request.method() === 'OPTIONS') return;
      const path = new URL(request.url()).pathname;
      this.#counts[path] = (this.#counts[path] ?? 0) + 1;
    });
  }

  /** The counts since the last call, and starts counting afresh. */
  take(): Record<string, number> {
    const counts = this.#counts;
    this.#counts = {};
    return counts;
  }
}

export interface ConsentReadySummary {
  samples: number;
  valuesMs: number[];
  minMs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Per path, how many requests each signed-in load made to the token proxy before "ready" (one entry per load). */
  proxyRequestsPerLoad: Record<string, number[]>;
}

export function summarizeConsentReady(valuesMs: number[], loads: Array<Record<string, number>>): ConsentReadySummary {
  const ascending = sorted(valuesMs);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  const paths = [...new Set(loads.flatMap((counts) => Object.keys(counts)))].sort();
  return {
    samples: valuesMs.length,
    valuesMs: valuesMs.map(round),
    minMs: round(ascending[0] ?? 0),
    p50Ms: round(percentile(ascending, 0.5)),
    p95Ms: round(percentile(ascending, 0.95)),
    maxMs: round(ascending[ascending.length - 1] ?? 0),
    proxyRequestsPerLoad: Object.fromEntries(paths.map((path) => [path, loads.map((counts) => counts[path] ?? 0)])),
  };
}

export function consentReadyText(summary: ConsentReadySummary): string {
  const ms = (value: number) => value.toFixed(1);
  const requests = Object.entries(summary.proxyRequestsPerLoad)
    .map(([path, counts]) => `${path} ${[...new Set(counts)].join(' or ')}`)
    .join(', ');
  return `Page load to the agent's <tpe-consent> "ready", signed in from MSAL's cache (ms from navigation start, in the page)
  n ${summary.samples}  min ${ms(summary.minMs)}  p50 ${ms(summary.p50Ms)}  p95 ${ms(summary.p95Ms)}  max ${ms(summary.maxMs)}
  token-proxy requests per load, by the time the bench saw "ready": ${requests || 'none'}
`;
}
