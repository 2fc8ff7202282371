// When a supervised service may start again after it died: soon after a first death, later after each quick one
// (1 s, 2 s, 4 s … 30 s), soon again once it had stayed up a while. Pure, so a test drives it with its own clock.

/**
 * @typedef {object} RestartPlan
 * @property {number} delayMs wait this long before starting it again
 * @property {boolean} crashLooping it died `burst` times within `burstWindowMs`: worth telling the person
 */

export class RestartBackoff {
  /** @type {number[]} */
  #deaths = [];
  #quickDeaths = 0;
  #options;

  /** @param {{ firstDelayMs?: number, maxDelayMs?: number, stableAfterMs?: number, burst?: number, burstWindowMs?: number }} [options] */
  constructor({ firstDelayMs = 1_000, maxDelayMs = 30_000, stableAfterMs = 30_000, burst = 5, burstWindowMs = 60_000 } = {}) {
    this.#options = { firstDelayMs, maxDelayMs, stableAfterMs, burst, burstWindowMs };
  }

  /** what `crashLooping` means and how long the longest wait is, for the sentence that says so */
  get limits() {
    const { burst, burstWindowMs, maxDelayMs } = this.#options;
    return { burst, burstWindowMs, maxDelayMs };
  }

  /**
   * @param {number} at when it died (ms, any clock)
   * @param {number} upForMs how long it had been answering before (0 if it never came up)
   * @returns {RestartPlan}
   */
  died(at, upForMs) {
    const { firstDelayMs, maxDelayMs, stableAfterMs, burst, burstWindowMs } = this.#options;
    if (upForMs >= stableAfterMs) this.#quickDeaths = 0;
    const delayMs = Math.min(firstDelayMs * 2 ** this.#quickDeaths, maxDelayMs);
    this.#quickDeaths += 1;
    this.#deaths = [...this.#deaths.filter((time) => time > at - burstWindowMs), at];
    return { delayMs, crashLooping: this.#deaths.length >= burst };
  }
}
