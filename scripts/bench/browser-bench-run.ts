import { rm } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import type { PreviewServer } from 'vite';
import { Children } from './children.js';

/**
 * What a browser bench starts (the dev tenant and proxy as children, a preview server, Chromium, a build
 * folder), stopped together on a signal, past the time limit, or at the end of the run.
 */
export class BrowserBenchRun {
  readonly children = new Children();
  browser?: Browser;
  server?: PreviewServer;
  outDir?: string;
  #finishing = false;
  readonly #watchdog: NodeJS.Timeout;

  constructor(
    private readonly name: string,
    limitMs: number,
  ) {
    process.once('SIGINT', () => void this.#abandon('was interrupted', 130));
    process.once('SIGTERM', () => void this.#abandon('was terminated', 143));
    process.once('SIGHUP', () => void this.#abandon('lost its terminal', 129));
    this.#watchdog = setTimeout(() => void this.#abandon(`took longer than ${Math.round(limitMs / 1000)} s`, 1), limitMs);
    this.#watchdog.unref();
  }

  /** True once a signal or the time limit ended the run: its browser was closed under its feet. */
  get abandoned(): boolean {
    return this.#finishing;
  }

  /** At the end of the run: stops what it started, unless abandoning already does. */
  async finish(): Promise<void> {
    clearTimeout(this.#watchdog);
    if (!this.#finishing) await this.#stopEverything();
  }

  async #stopEverything(): Promise<void> {
    await this.browser?.close().catch(() => undefined);
    await this.server?.close().catch(() => undefined);
    await this.children.stopAll();
    if (this.outDir) await rm(this.outDir, { recursive: true, force: true }).catch(() => undefined);
  }

  async #abandon(reason: string, exitCode: number): Promise<void> {
    if (this.#finishing) return;
    this.#finishing = true;
    console.error(`\n${this.name} ${reason}; stopping the browser and the servers it started.`);
    await this.#stopEverything();
    process.exit(exitCode);
  }
}
