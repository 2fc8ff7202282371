// What `npm run bench:call-agent` reports: the shape of reports/bench-call-agent.json and its table.
import { gzipBytes } from './call-agent-build.js';
import { consentReadyText, type ConsentReadySummary } from './consent-ready.js';
import { percentile, sorted } from './stats.js';

export interface FileBytes {
  file: string;
  raw: number;
  gzip: number;
}

export interface ByteSet {
  /** One entry per fetch (a file fetched twice counts twice), by file name. */
  files: FileBytes[];
  raw: number;
  gzip: number;
}

export interface Spread {
  samples: number;
  /** Every sample in ms, in the order taken. */
  valuesMs: number[];
  minMs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

export interface TimingSummary extends Spread {
  targetMs: number;
  /** p95 under the target. */
  met: boolean;
}

export interface CallAgentBenchReport {
  generatedAt: string;
  environment: { node: string; chromium: string; cpu: string; cpus: number; page: string; httpCache: string; gzip: string };
  bytes: {
    firstLoadSignedOut: ByteSet;
    firstLoadSignedIn: ByteSet;
    goingOnlineSimulator: ByteSet;
    production: {
      /** The lazy chunk(s) holding @azure/communication-calling, from the build output. */
      callingSdkChunks: FileBytes[];
      callingSdkGzip: number;
      /** Whether any of them is a first-load file: in the entry's static imports, or fetched before goOnline(). */
      callingSdkInFirstLoad: boolean;
      callingSdkFetchedBySimulatorPath: boolean;
      /** What going online fetches on a production page (the real SDK), predicted from the build's import graph. */
      goingOnlinePredicted: ByteSet;
    };
  };
  timing: {
    /** Requests the page made to Entra's authorize and token endpoints, by phase (none while going online when MSAL's cache is warm). */
    entraRequestsByPhase: Record<string, { count: number; scopes: string[] }>;
    /** Signed-in page loads: navigation start to the agent's <tpe-consent> "ready", and the proxy requests on the way. */
    consentReadyAfterLoad: ConsentReadySummary;
    /** The "prefetched" loads of `firstGoOnline.simulator`: the page as it is, clicked once the prefetch is done. */
    firstGoOnlineAfterLoad: TimingSummary;
    repeatedCycles: TimingSummary;
    /** The first Go online after a load, with and without the idle-time prefetch, simulator and real SDK. */
    firstGoOnline: FirstGoOnlineReport;
  };
  /**
   * What a reader should know: fetched files the build's static import graph does not predict (or the
   * reverse), failed script requests, scripts from the HTTP cache, requests to Entra after signing in.
   */
  notes: string[];
}

/** One path's first Go online, in the three kinds of load, taken in turns (first-online-in-page.ts). */
export interface FirstOnlineComparison {
  /** From where to where each time runs. */
  measures: string;
  prefetched: Spread;
  /** The page's idle callbacks held back: the settled page without the prefetch (as before it existed). */
  cold: Spread;
  /** Go online clicked in the task in which the consent said "ready", before any idle time. */
  coldAtReady: Spread;
  /** cold − prefetched, load by load (each pair taken one after the other). */
  coldMinusPrefetched: Spread;
  coldAtReadyMinusPrefetched: Spread;
  /** Real SDK: click to the end of the SDK module's evaluation (negative: it was evaluated before the click). */
  sdkEvaluatedAfterClick?: { prefetched: Spread; cold: Spread; coldAtReady: Spread };
}

export interface FirstGoOnlineReport {
  /** How each kind of load was obtained and what the times include, in words. */
  how: string[];
  simulator: FirstOnlineComparison;
  realSdk: FirstOnlineComparison | { unavailable: string };
}

export function byteSet(files: Array<{ file: string; body: Uint8Array }>): ByteSet {
  const measured = files.map(({ file, body }) => ({ file, raw: body.length, gzip: gzipBytes(body) })).sort((a, b) => a.file.localeCompare(b.file));
  return { files: measured, raw: sum(measured.map((f) => f.raw)), gzip: sum(measured.map((f) => f.gzip)) };
}

export function spread(valuesMs: number[]): Spread {
  const ascending = sorted(valuesMs);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    samples: valuesMs.length,
    valuesMs: valuesMs.map(round),
    minMs: round(ascending[0] ?? 0),
    p50Ms: round(percentile(ascending, 0.5)),
    p95Ms: round(percentile(ascending, 0.95)),
    maxMs: round(ascending[ascending.length - 1] ?? 0),
  };
}

export function summarize(valuesMs: number[], targetMs: number): TimingSummary {
  const summary = spread(valuesMs);
  return { ...summary, targetMs, met: valuesMs.length > 0 && summary.p95Ms < targetMs };
}

/** a − b, pair by pair (the i-th of each was taken in the same round). */
export function pairedDifference(a: number[], b: number[]): Spread {
  return spread(a.slice(0, b.length).map((value, i) => value - b[i]!));
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const kB = (bytes: number) => (bytes / 1024).toFixed(1);
const ms = (value: number) => value.toFixed(1);

function table(header: string[], rows: string[][], numeric: Set<number>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].map((l) => `  ${l}`).join('\n');
}

const fileNames = (set: ByteSet) => [...new Set(set.files.map((f) => f.file.replace(/^assets\//, '')))].join(', ');

export function reportText(report: CallAgentBenchReport): string {
  const { bytes, timing, environment } = report;
  const { production } = bytes;
  const row = (what: string, set: ByteSet, note: string) => [what, String(set.files.length), kB(set.raw), kB(set.gzip), note];
  const sdkNote = `${production.callingSdkChunks.map((c) => c.file.replace(/^assets\//, '')).join(', ')}; ${
    production.callingSdkInFirstLoad ? 'IN THE FIRST LOAD' : 'not in the first load'
  }; ${production.callingSdkFetchedBySimulatorPath ? 'FETCHED on the simulator path' : 'not fetched on the simulator path'}`;
  const byteRows = [
    row('first load, agent signed out', bytes.firstLoadSignedOut, fileNames(bytes.firstLoadSignedOut)),
    row('first load, agent signed in (warm MSAL, with the idle prefetch)', bytes.firstLoadSignedIn, fileNames(bytes.firstLoadSignedIn)),
    row('+ going online before the prefetch, simulator', bytes.goingOnlineSimulator, fileNames(bytes.goingOnlineSimulator)),
    [
      'production: Calling SDK chunk (lazy)',
      String(production.callingSdkChunks.length),
      kB(sum(production.callingSdkChunks.map((c) => c.raw))),
      kB(production.callingSdkGzip),
      sdkNote,
    ],
    row('production: + going online, real SDK (from the build graph)', production.goingOnlinePredicted, fileNames(production.goingOnlinePredicted)),
  ];
  const timingRow = (what: string, t: TimingSummary) => [what, String(t.samples), ms(t.minMs), ms(t.p50Ms), ms(t.p95Ms), ms(t.maxMs), `< ${t.targetMs}`, t.met ? 'met (p95)' : 'MISSED (p95)'];
  const notes = report.notes.length ? `\nNotes\n${report.notes.map((n) => `  - ${n}`).join('\n')}\n` : '';
  return `
<tpe-call-agent> bench: the demo page built for production (vite build + vite preview), real MSAL, Chromium ${environment.chromium}
Node ${environment.node}, ${environment.cpus} CPU(s) (${environment.cpu}); page ${environment.page}; HTTP cache ${environment.httpCache}.

JavaScript fetched (kB = 1024 bytes; ${environment.gzip})
${table(['what', 'files', 'raw kB', 'gzip kB', 'files / checks'], byteRows, new Set([1, 2, 3]))}

Time from Go online to status "ready", simulator, warm MSAL cache (ms, performance.now() in the page; target < ${timing.firstGoOnlineAfterLoad.targetMs} ms)
${table(
  ['scenario', 'n', 'min', 'p50', 'p95', 'max', 'target', 'verdict'],
  [
    timingRow('(a) first Go online after a page load, calling code prefetched', timing.firstGoOnlineAfterLoad),
    timingRow('(b) goOffline/goOnline cycles on one page', timing.repeatedCycles),
  ],
  new Set([1, 2, 3, 4, 5]),
)}

${firstOnlineText(timing.firstGoOnline)}
${consentReadyText(timing.consentReadyAfterLoad)}${notes}`;
}

function firstOnlineText(first: FirstGoOnlineReport): string {
  const spreadRow = (what: string, t: Spread) => [what, String(t.samples), ms(t.minMs), ms(t.p50Ms), ms(t.p95Ms), ms(t.maxMs)];
  const rows = (title: string, c: FirstOnlineComparison) => [
    [title, '', '', '', '', ''],
    spreadRow('  prefetched: clicked once the idle prefetch was done', c.prefetched),
    spreadRow('  cold: idle callbacks held, no prefetch yet', c.cold),
    spreadRow('  cold: clicked when the consent said "ready"', c.coldAtReady),
    spreadRow('  difference, cold − prefetched (load by load)', c.coldMinusPrefetched),
    spreadRow('  difference, cold at ready − prefetched', c.coldAtReadyMinusPrefetched),
    ...(c.sdkEvaluatedAfterClick
      ? [
          spreadRow('  of which, click to SDK evaluated: cold', c.sdkEvaluatedAfterClick.cold),
          spreadRow('  of which, click to SDK evaluated: cold at ready', c.sdkEvaluatedAfterClick.coldAtReady),
        ]
      : []),
  ];
  const sdk = first.realSdk;
  const body = [
    ...rows(`simulator: ${first.simulator.measures}`, first.simulator),
    ...('unavailable' in sdk ? [[`real Calling SDK: not measured (${sdk.unavailable})`, '', '', '', '', '']] : rows(`real Calling SDK: ${sdk.measures}`, sdk)),
  ];
  return `First Go online after a page load, with and without the idle-time prefetch of the calling code (ms, in the page; loads taken in turns)
${table(['load', 'n', 'min', 'p50', 'p95', 'max'], body, new Set([1, 2, 3, 4, 5]))}
${first.how.map((line) => `  · ${line}`).join('\n')}
`;
}
