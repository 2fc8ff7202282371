import type { Clock } from '../../src/clock.js';

/** A clock for the proxy that runs with real time but that a test can move forward at once, instead of waiting. */
export function testClock(): { now: Clock; advance(ms: number): void } {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance(ms) {
      offset += ms;
    },
  };
}
