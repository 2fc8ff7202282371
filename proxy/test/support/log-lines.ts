import { Writable } from 'node:stream';

/** One JSON log line as the proxy writes it; tests read the fields they need. */
export type LogEntry = Record<string, unknown> & { level?: string; msg?: string };

/**
 * A log destination that keeps every JSON line the proxy writes, and lets a test await the first line that
 * matches (a line already written counts), so it waits on the event rather than on time.
 */
export function logLines() {
  /** Each line as written, for checks on the text itself (no secret in it). */
  const lines: string[] = [];
  const entries: LogEntry[] = [];
  const waiting: { match: (entry: LogEntry) => boolean; resolve: (entry: LogEntry) => void }[] = [];
  let partial = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const parts = (partial + chunk.toString('utf8')).split('\n');
      partial = parts.pop()!;
      for (const line of parts.filter(Boolean)) {
        lines.push(line);
        const entry = JSON.parse(line) as LogEntry;
        entries.push(entry);
        for (const waiter of [...waiting]) {
          if (!waiter.match(entry)) continue;
          waiting.splice(waiting.indexOf(waiter), 1);
          waiter.resolve(entry);
        }
      }
      done();
    },
  });
  return {
    stream,
    lines,
    entries,
    /** Entries matching `match`, in the order written. */
    where: (match: (entry: LogEntry) => boolean) => entries.filter(match),
    /** Resolves with the first entry matching `match`, written already or later. */
    next(match: (entry: LogEntry) => boolean, from = 0): Promise<LogEntry> {
      const found = entries.slice(from).find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiting.push({ match, resolve }));
    },
  };
}
