// What `npm run bench:tabs` reports: the shape of reports/bench-tabs.json and its table.
import type { TabFigures } from './tabs-in-page.js';

export type TabsMode = 'independent' | 'shared';

/** One mode's run: five tabs of the agent desktop in one browser context, online, then rung once. */
export interface TabsModeFigures {
  mode: TabsMode;
  tabs: number;
  /** How each tab signed in: the dev tenant's form, its window without a form (the authority's session), or silently on load. */
  signIns: Array<'the form' | 'without a form' | 'restored on load'>;
  /** Tabs where Go online was there to press (in shared mode, the others already showed the phone online). */
  goOnlinePressed: number;
  /** `GET /.dev/calling/agents`: the agent's registrations with `online: true`, once settled. */
  registrations: number;
  /** Requests to `/calling/agents/<id>/events` started and not finished, summed over the tabs. */
  eventStreams: number;
  eventStreamsPerTab: number[];
  /** `getUserMedia({audio})` calls summed over the tabs, and the audio tracks from them still live once settled. */
  micRequests: number;
  micLive: number;
  /** Tabs whose element showed the far end's ring (`ringing`), tabs that started an oscillator for it, and the starts. */
  tabsRinging: number;
  tabsSounding: number;
  oscillatorStarts: number;
  /** Tabs whose element holds the phone (`owner`). */
  owners: number;
  perTab: TabFigures[];
  notes: string[];
}

export interface TabsReport {
  date: string;
  /** Wall time of the whole run, build and start-up included. */
  seconds: number;
  figures: TabsModeFigures[];
}

export function tabsTable(report: TabsReport): string {
  const header = ['mode', 'tabs', 'registrations', 'event streams (per tab)', 'mic captures: getUserMedia (live)', 'tabs ringing', 'tabs sounding a tone (oscillators)'];
  const rows = report.figures.map((f) => [
    f.mode,
    String(f.tabs),
    String(f.registrations),
    `${f.eventStreams} (${f.eventStreamsPerTab.join('/')})`,
    `${f.micRequests} (${f.micLive})`,
    String(f.tabsRinging),
    `${f.tabsSounding} (${f.oscillatorStarts})`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const notes = report.figures.flatMap((f) => f.notes.map((n) => `${f.mode}: ${n}`));
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), ...(notes.length ? ['', ...notes] : [])].join('\n');
}
