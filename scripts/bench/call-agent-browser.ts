// Chromium (the system's, driven by playwright-core; no browser is downloaded) and what the bench records
// about the JavaScript a page fetches.
import { chromium, type Browser, type Page, type Request } from 'playwright-core';

import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.mjs';

/**
 * Playwright's own signal handlers are off: on Ctrl-C it would close the browser and exit at once, before
 * the bench stops the servers it started. The bench handles the signals and closes the browser itself.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 30_000,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
}

/**
 * Every load fetches from the server: with the HTTP cache on, a reload would take the chunks from the
 * cache and the bytes (and the first go-online's fetch) would depend on what earlier loads left there.
 */
export async function disableHttpCache(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
}

export interface FetchedScript {
  /** What the bench was doing when the page asked for it (a phase label). */
  phase: string;
  url: string;
  /** The URL's path without the leading slash (`assets/main-….js`), as the build names the file. */
  file: string;
  /** The body as the server sent it (`vite preview` does not compress); empty in a phase whose bodies are not read. */
  body: Buffer;
}

const isScript = (request: Request, contentType: string | undefined) =>
  request.resourceType() === 'script' || /javascript|ecmascript/i.test(contentType ?? '') || /\.m?js$/.test(new URL(request.url()).pathname);

/**
 * Records the bodies of the JavaScript files a page (and its frames) fetched, each tagged with the phase
 * that was current when the page asked for it.
 */
export class ScriptRecorder {
  phase = 'idle';
  readonly scripts: FetchedScript[] = [];
  readonly failures: string[] = [];
  readonly #phaseOf = new WeakMap<Request, string>();
  readonly #pending = new Set<Promise<void>>();

  /**
   * @param bodiesIn The phases whose bodies are read (all when not given). Reading a body goes through the
   *   browser while the page runs: a timed phase that needs only the file names leaves it out.
   */
  constructor(
    page: Page,
    private readonly bodiesIn?: ReadonlySet<string>,
  ) {
    page.on('request', (request) => this.#phaseOf.set(request, this.phase));
    page.on('requestfinished', (request) => this.#track(this.#record(request)));
    page.on('requestfailed', (request) => {
      if (isScript(request, undefined)) this.failures.push(`${request.url()}: ${request.failure()?.errorText ?? 'failed'}`);
    });
  }

  /** Waits until the bodies of every request finished so far are read. */
  async settle(): Promise<void> {
    while (this.#pending.size) await Promise.all([...this.#pending]);
  }

  of(phase: string): FetchedScript[] {
    return this.scripts.filter((s) => s.phase === phase);
  }

  #track(work: Promise<void>): void {
    this.#pending.add(work);
    void work.finally(() => this.#pending.delete(work));
  }

  async #record(request: Request): Promise<void> {
    const phase = this.#phaseOf.get(request) ?? this.phase;
    try {
      const response = await request.response();
      if (!response || !isScript(request, response.headers()['content-type'])) return;
      const body = !this.bodiesIn || this.bodiesIn.has(phase) ? await response.body() : Buffer.alloc(0);
      this.scripts.push({ phase, url: request.url(), file: new URL(request.url()).pathname.replace(/^\//, ''), body });
    } catch (error) {
      // A body is gone once its page navigates away; reads are awaited (settle) before each reload.
      if (isScript(request, undefined)) this.failures.push(`${request.url()}: body not read (${(error as Error).message})`);
    }
  }
}
