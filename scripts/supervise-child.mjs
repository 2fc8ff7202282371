// Keeps one of `npm start`'s services running: when it dies without being asked to (a crash, kill -9, exit 0),
// it is started again on the same port (the page and the proxy keep its URL), after a back-off, and each step
// is said in one plain line. The others keep running throughout; stop() ends it for good (Ctrl-C).
import { RestartBackoff } from './restart-backoff.mjs';

/**
 * @template {import('./spawn-service.mjs').Service & { url: string }} S
 * @typedef {object} Supervised
 * @property {S} started what the first start returned (its URL stays the same across restarts)
 * @property {string} url
 * @property {() => Promise<void>} stop no restart from here on; stops the one running or starting
 */

/** @param {number} ms */
const seconds = (ms) => (ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.round(ms / 100) / 10} s`);
/** @param {string} text */
const capitalised = (text) => text.charAt(0).toUpperCase() + text.slice(1);
/** @param {number | null} code @param {NodeJS.Signals | null} signal */
const how = (code, signal) => (signal ? `killed by ${signal}` : `exit ${code}`);

/** Every sentence the supervisor prints, in one place. */
const lines = {
  /** @param {string} name @param {string} cause @param {string} url @param {number} delayMs @param {string} afterRestart */
  died: (name, cause, url, delayMs, afterRestart) =>
    `${capitalised(name)} stopped unexpectedly (${cause}): restarting it on ${url} in ${seconds(delayMs)}.${afterRestart ? ` ${afterRestart}` : ''}`,
  /** @param {string} name @param {string} reason @param {number} delayMs */
  notStarted: (name, reason, delayMs) => `${capitalised(name)} did not start again (${reason}): trying again in ${seconds(delayMs)}.`,
  /** @param {string} title @param {string} url */
  back: (title, url) => `${title} is back at ${url}`,
  /** @param {string} name @param {{ burst: number, burstWindowMs: number, maxDelayMs: number }} limits */
  crashLooping: (name, { burst, burstWindowMs, maxDelayMs }) =>
    `${capitalised(name)} keeps stopping (${burst} times within ${seconds(burstWindowMs)}). The other services keep running and it is tried again, at most ${seconds(maxDelayMs)} apart; its own messages above say why it stops. Fix that and it comes back by itself, or press Ctrl-C to stop everything.`,
};

/**
 * @template {import('./spawn-service.mjs').Service & { url: string }} S
 * @param {{
 *   name: string,
 *   title: string,
 *   port: number,
 *   start: (port: number) => Promise<S>,
 *   afterRestart?: string,
 *   log?: (line: string) => void,
 *   warn?: (line: string) => void,
 *   backoff?: RestartBackoff,
 *   now?: () => number,
 * }} options `name` goes inside a sentence ("the dev tenant"), `title` starts one ("Dev tenant"); `afterRestart`
 *   says what a restart means for the person (what it keeps, what it loses). The first start's failure is thrown:
 *   the launcher explains it and gives up, as nothing is running yet that a restart would keep.
 * @returns {Promise<Supervised<S>>}
 */
export async function superviseService({
  name,
  title,
  port,
  start,
  afterRestart = '',
  log = (line) => console.log(line),
  warn = (line) => console.error(line),
  backoff = new RestartBackoff(),
  now = Date.now,
}) {
  const started = await start(port);
  const url = started.url;
  // Port 0 picked a free port the first time; the page and the proxy now know that one.
  const samePort = Number(new URL(url).port);
  let current = started;
  let upSince = now();
  let stopping = false;
  let warnedOfLoop = false;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  /** @type {Promise<void> | undefined} */
  let restarting;

  /**
   * Says why it stops (`line`, given the wait), then, the first time it counts as crash-looping, what to do;
   * then waits and starts it again.
   * @param {number} upForMs @param {(delayMs: number) => string} line
   */
  const restartAfterDeath = (upForMs, line) => {
    const { delayMs, crashLooping } = backoff.died(now(), upForMs);
    warn(line(delayMs));
    if (crashLooping && !warnedOfLoop) warn(lines.crashLooping(name, backoff.limits));
    warnedOfLoop = crashLooping;
    restartAfter(delayMs);
  };

  /** @param {number} delayMs */
  const restartAfter = (delayMs) => {
    timer = setTimeout(() => {
      timer = undefined;
      restarting = restart().finally(() => (restarting = undefined));
    }, delayMs);
  };

  /** @param {S} service */
  const watch = (service) =>
    service.process.once('exit', (code, signal) => {
      if (stopping) return;
      restartAfterDeath(now() - upSince, (delayMs) => lines.died(name, how(code, signal), url, delayMs, afterRestart));
    });

  const restart = async () => {
    try {
      const service = await start(samePort);
      if (stopping) return await service.stop();
      current = service;
      upSince = now();
      watch(service);
      log(lines.back(title, url));
    } catch (error) {
      if (stopping) return;
      const reason = String(/** @type {Error} */ (error).message).split('\n')[0].replace(/:$/, '');
      restartAfterDeath(0, (delayMs) => lines.notStarted(name, reason, delayMs));
    }
  };

  watch(started);
  return {
    started,
    url,
    stop: async () => {
      stopping = true;
      clearTimeout(timer);
      await restarting;
      await current.stop();
    },
  };
}
