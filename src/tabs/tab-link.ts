import { abortError, closedError, errorFromDetail, detailOf, timeoutError } from './tab-errors.js';

type Body = Record<string, unknown>;
type Listener = (body: Body, from: string) => void;
type Answerer = (body: Body, from: string) => unknown | Promise<unknown>;

/** What goes over the channel: news (send/on), a question (request/answer) or the reply to one, by its id. */
type Envelope = { kind: 'news' | 'ask' | 'reply'; type: string; from: string; to?: string; id?: string; body: Body };

const KINDS: ReadonlySet<unknown> = new Set(['news', 'ask', 'reply']);
const isBody = (value: unknown): value is Body => typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';

/** Any tab of the origin, or an older or newer build of this library, may post here: what is not an envelope is not ours. */
function readEnvelope(data: unknown): Envelope | undefined {
  if (!isBody(data) || !KINDS.has(data.kind) || !isString(data.type) || !isString(data.from) || !isBody(data.body)) return undefined;
  if (data.to !== undefined && !isString(data.to)) return undefined;
  if (data.kind !== 'news' && !isString(data.id)) return undefined;
  return data as unknown as Envelope;
}

/**
 * A typed same-origin link between the tabs of one phone, over the `BroadcastChannel` `tpe:${name}`.
 * Tabs hear each other, never themselves; a message addressed `to` one tab is ignored by the rest.
 * A frozen tab runs nothing until it thaws: a request to it times out.
 */
export class TabLink {
  /** This tab, as the others address it. */
  readonly tabId: string = crypto.randomUUID();
  readonly #channel: BroadcastChannel;
  readonly #listeners = new Map<string, Set<Listener>>();
  readonly #answerers = new Map<string, Answerer>();
  /** Each request still waiting, by id: finish(error) rejects it, finish(undefined, value) resolves it. */
  readonly #pending = new Map<string, (error: unknown, value?: unknown) => void>();
  #closed = false;

  constructor(name: string) {
    this.#channel = new BroadcastChannel(`tpe:${name}`);
    this.#channel.onmessage = (event) => this.#receive(event.data);
  }

  /** To every other tab (or to one tab, by its tabId). Bodies are structured-cloned plain data. */
  send(type: string, body: Body = {}, to?: string): void {
    this.#post({ kind: 'news', type, from: this.tabId, to, body });
  }

  /** Every message of this type from another tab; returns the unsubscribe. */
  on(type: string, handler: Listener): () => void {
    const listeners = this.#listeners.get(type) ?? new Set();
    this.#listeners.set(type, listeners.add(handler));
    return () => void listeners.delete(handler);
  }

  /** Serves requests of this type (one server per type in a tab): the handler's value, or its thrown error, goes back to the asker. */
  answer(type: string, handler: Answerer): () => void {
    this.#answerers.set(type, handler);
    return () => void (this.#answerers.get(type) === handler && this.#answerers.delete(type));
  }

  /**
   * Asks the other tabs (or one, by `to`): the first answer wins and later ones are dropped. Rejects with a TpeError
   * `tab-timeout` when no tab answered within timeoutMs, with the answering tab's error as a TpeError, with
   * `tab-closed` on close(), or with an AbortError on signal.
   */
  request<T>(type: string, body: Body, options: { timeoutMs: number; to?: string; signal?: AbortSignal }): Promise<T> {
    const { timeoutMs, to, signal } = options;
    return new Promise<T>((resolve, reject) => {
      if (this.#closed) return reject(closedError());
      if (signal?.aborted) return reject(abortError());
      const id = crypto.randomUUID();
      const finish = (error: unknown, value?: unknown) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.#pending.delete(id);
        if (error) reject(error);
        else resolve(value as T);
      };
      const onAbort = () => finish(abortError());
      const timer = setTimeout(() => finish(timeoutError()), timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#pending.set(id, finish);
      try {
        this.#post({ kind: 'ask', type, from: this.tabId, to, id, body });
      } catch (error) {
        finish(error); // A body that cannot be cloned.
      }
    });
  }

  /** Stops everything: no more messages either way, and pending requests reject at once with `tab-closed`. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#channel.close();
    this.#listeners.clear();
    this.#answerers.clear();
    for (const finish of [...this.#pending.values()]) finish(closedError());
  }

  #post(envelope: Envelope): void {
    if (!this.#closed) this.#channel.postMessage(envelope);
  }

  #receive(data: unknown): void {
    const message = readEnvelope(data);
    if (!message || this.#closed || (message.to !== undefined && message.to !== this.tabId)) return;
    if (message.kind === 'ask') return void this.#serve(message);
    if (message.kind === 'reply') return this.#settle(message);
    // One listener's bug must not silence the others: it is reported, and the next one runs.
    for (const listener of [...(this.#listeners.get(message.type) ?? [])]) {
      try { listener(message.body, message.from); } catch (error) { reportError(error); }
    }
  }

  async #serve({ type, from, id, body }: Envelope): Promise<void> {
    const answerer = this.#answerers.get(type);
    if (!answerer) return; // Another tab may serve it; the asker's timeout bounds the wait.
    const reply = (replyBody: Body) => this.#post({ kind: 'reply', type, from: this.tabId, to: from, id, body: replyBody });
    try {
      reply({ ok: true, value: await answerer(body, from) });
    } catch (error) {
      reply({ ok: false, error: detailOf(error) });
    }
  }

  #settle({ id, body }: Envelope): void {
    const finish = this.#pending.get(id!);
    if (!finish) return; // Late (after a timeout or a first answer), or another tab's.
    if (body.ok === true) finish(undefined, body.value);
    else if (body.ok === false && isBody(body.error)) finish(errorFromDetail(detailOf(body.error)));
  }
}
