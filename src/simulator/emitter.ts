/* eslint-disable @typescript-eslint/no-explicit-any -- listeners of every SDK event signature share one map */
type Listener = (...args: any[]) => void;

/** The SDK's `on`/`off` event style. */
export class Emitter {
  readonly #listeners = new Map<string, Set<Listener>>();

  on(event: string, listener: Listener): void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(listener);
  }

  off(event: string, listener: Listener): void {
    this.#listeners.get(event)?.delete(listener);
  }

  protected emit(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) {
      try {
        listener(...args);
      } catch (error) {
        // As the SDK does: one throwing listener must not stop the others or the simulator.
        console.error(error);
      }
    }
  }
}
