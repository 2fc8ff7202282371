import type { CredentialClock } from '../../../src/calling/renewing-token-credential.js';

/**
 * A clock the test moves by hand: `advance` runs, in order, every timer that falls due, and nothing runs
 * otherwise. So a test shows what happens after minutes without waiting them, and shows that nothing is left
 * to happen (`pending()`) without waiting to see.
 */
export function manualClock(start = Date.UTC(2026, 0, 5, 9)): CredentialClock & { advance(ms: number): void; pending(): number } {
  let now = start;
  let nextId = 0;
  const timers = new Map<number, { due: number; run: () => void }>();
  return {
    now: () => now,
    after(delayMs, run) {
      const id = nextId++;
      timers.set(id, { due: now + delayMs, run });
      return () => timers.delete(id);
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const [id, timer] = [...timers].filter(([, t]) => t.due <= until).sort(([a, x], [b, y]) => x.due - y.due || a - b)[0] ?? [];
        if (id === undefined || !timer) break;
        timers.delete(id);
        now = timer.due;
        timer.run();
      }
      now = until;
    },
    pending: () => timers.size,
  };
}

/** Lets the promise callbacks already due run (one task of the page); no time passes on a manual clock. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
