// The end of the run: the figures, the notes, how long each stage took, every check, and the count line.
import type { Ledger } from './ledger.js';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function printSummary(ledger: Ledger, totalMs: number): void {
  const lines = ['', 'Consumer apps from the tarball'];
  for (const fact of ledger.facts) lines.push(`  · ${fact}`);
  for (const note of ledger.notes) lines.push(`  note: ${note}`);
  lines.push('  stages:');
  for (const stage of ledger.stages) lines.push(`    ${seconds(stage.ms).padStart(7)}  ${stage.name}`);
  lines.push(`    ${seconds(totalMs).padStart(7)}  in all`, '');
  for (const outcome of ledger.outcomes) {
    lines.push(`  ${outcome.ok ? 'ok  ' : 'FAIL'} ${outcome.name}`);
    if (!outcome.ok && outcome.detail) lines.push(...outcome.detail.split('\n').map((l) => `         ${l}`));
  }
  const failed = ledger.failed.length;
  lines.push('', `${ledger.outcomes.length - failed} passed, ${failed} failed`);
  console.log(lines.join('\n'));
}
