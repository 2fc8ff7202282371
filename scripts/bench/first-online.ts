// The first Go online after a page load, with the idle-time prefetch of the calling code done or not, for
// `npm run bench:call-agent`: one load in a chosen mode (first-online-in-page.ts says what each mode is),
// checked to be what it claims (the calling code fetched before the click, or none of it), and its sample.
import type { Page } from 'playwright-core';
import { pairedDifference, spread, type FirstOnlineComparison } from './call-agent-report.js';
import { FIRST_ONLINE_END_KEY, FIRST_ONLINE_MODE_KEY, type FirstOnlineEnd, type FirstOnlineMode, type FirstOnlineSample } from './first-online-in-page.js';

/** The modes, in the order of the first sample; each later sample starts one further on, so none always goes first. */
export const MODES: readonly FirstOnlineMode[] = ['prefetched', 'held', 'at-ready'];

export function modesOfSample(index: number): FirstOnlineMode[] {
  const shift = index % MODES.length;
  return [...MODES.slice(shift), ...MODES.slice(0, shift)];
}

export interface FirstOnlineLoad {
  mode: FirstOnlineMode;
  /** Where the time ends: status "ready" (simulator), or the session's `new CallClient()` (real SDK). */
  end: FirstOnlineEnd;
  /** The built files going online needs beyond the first load (what the prefetch fetches). */
  callingFiles: string[];
  /** Real SDK: a "prefetched" load also waits until the SDK module has been evaluated. */
  waitForSdk: boolean;
  /** Called once the agent's <tpe-consent> is ready, before anything is timed (the bench's own bookkeeping). */
  loaded?: () => Promise<void>;
}

const js = (value: unknown) => JSON.stringify(value);

/** Reloads the page in a mode and times its first Go online. */
export async function firstOnlineAfterLoad(page: Page, load: FirstOnlineLoad): Promise<FirstOnlineSample> {
  await page.evaluate(`sessionStorage.setItem(${js(FIRST_ONLINE_MODE_KEY)}, ${js(load.mode)}); sessionStorage.setItem(${js(FIRST_ONLINE_END_KEY)}, ${js(load.end)})`);
  // An "at-ready" load is online (the simulator's event stream open) before its network could go idle.
  await page.reload({ waitUntil: load.mode === 'at-ready' ? 'load' : 'networkidle' });
  await page.evaluate(`__tpeBench.consentStatus(['ready'])`);
  await load.loaded?.();
  let sample: FirstOnlineSample;
  if (load.mode === 'at-ready') {
    sample = (await page.evaluate('__tpeFirstOnline.atReady()')) as FirstOnlineSample;
  } else {
    if (load.mode === 'prefetched') await page.evaluate(`__tpeFirstOnline.settled(${js(load.callingFiles)}, ${js(load.waitForSdk)})`);
    sample = (await page.evaluate(`__tpeFirstOnline.goOnlineNow(${js(load.end)})`)) as FirstOnlineSample;
  }
  check(load, sample);
  return sample;
}

/** A sample counts only if its load was what its mode says: otherwise the comparison would be a lie. */
function check(load: FirstOnlineLoad, sample: FirstOnlineSample): void {
  const fetched = (urls: string[]) => load.callingFiles.filter((file) => urls.some((url) => new URL(url).pathname === `/${file}`));
  const before = fetched(sample.fetchedBefore);
  if (load.mode === 'prefetched' && before.length !== load.callingFiles.length) {
    const missing = load.callingFiles.filter((file) => !before.includes(file));
    throw new Error(`a "prefetched" load had not fetched ${missing.join(', ')} when Go online was clicked`);
  }
  if (load.mode !== 'prefetched' && before.length) {
    throw new Error(`a "${load.mode}" load had already fetched ${before.join(', ')} when Go online was clicked: it was not cold`);
  }
  if (load.mode !== 'prefetched') {
    const missing = load.callingFiles.filter((file) => !fetched(sample.fetchedAfter).includes(file));
    if (missing.length) throw new Error(`a "${load.mode}" load went online without fetching ${missing.join(', ')}`);
  }
  if (load.end === 'call-client' && sample.sdkEvaluatedMs === undefined) throw new Error('the Calling SDK chunk never said it was evaluated');
}

export type SamplesByMode = Record<FirstOnlineMode, FirstOnlineSample[]>;

export const samplesByMode = (): SamplesByMode => ({ prefetched: [], held: [], 'at-ready': [] });

/** The three kinds of load side by side, and what the prefetch saves load by load. */
export function compareFirstOnline(samples: SamplesByMode, measures: string): FirstOnlineComparison {
  const times = (mode: FirstOnlineMode) => samples[mode].map((s) => s.ms);
  const comparison: FirstOnlineComparison = {
    measures,
    prefetched: spread(times('prefetched')),
    cold: spread(times('held')),
    coldAtReady: spread(times('at-ready')),
    coldMinusPrefetched: pairedDifference(times('held'), times('prefetched')),
    coldAtReadyMinusPrefetched: pairedDifference(times('at-ready'), times('prefetched')),
  };
  const evaluated = (mode: FirstOnlineMode) => samples[mode].flatMap((s) => (s.sdkEvaluatedMs === undefined ? [] : [s.sdkEvaluatedMs]));
  if (evaluated('held').length) {
    comparison.sdkEvaluatedAfterClick = { prefetched: spread(evaluated('prefetched')), cold: spread(evaluated('held')), coldAtReady: spread(evaluated('at-ready')) };
  }
  return comparison;
}
