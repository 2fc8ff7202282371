// When `npm start` starts a dead service again: the waits a person sees in its "restarting it in N s" lines, and
// when it says the service keeps stopping. The clock is the test's own: each death is given its time.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RestartBackoff } from '../../scripts/restart-backoff.mjs';

describe('RestartBackoff', () => {
  it('waits 1 s after a first death, twice as long after each quick one, never more than 30 s', () => {
    const backoff = new RestartBackoff();
    const delays = Array.from({ length: 7 }, (_, i) => backoff.died(i * 60_000, 1_000).delayMs);
    assert.deepEqual(delays, [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });

  it('starts again at 1 s once the service had stayed up 30 s', () => {
    const backoff = new RestartBackoff();
    backoff.died(0, 0);
    backoff.died(10_000, 0);
    assert.equal(backoff.died(20_000, 5_000).delayMs, 4_000);
    assert.equal(backoff.died(80_000, 30_000).delayMs, 1_000);
  });

  it('calls it crash-looping at the fifth death within a minute, and not once those deaths are a minute old', () => {
    const backoff = new RestartBackoff();
    const looping = [0, 5_000, 10_000, 20_000, 40_000].map((at) => backoff.died(at, 0).crashLooping);
    assert.deepEqual(looping, [false, false, false, false, true]);
    assert.equal(backoff.died(50_000, 0).crashLooping, true);
    assert.equal(backoff.died(115_000, 0).crashLooping, false, 'every death before it is more than a minute old');
  });
});
