import type { FastifyReply } from 'fastify';

/**
 * One `text/event-stream` response. The reply is hijacked so Fastify does not end it; the headers the
 * CORS hook already set are copied, or a page on another origin could not read a single event.
 *
 * A comment line (`: ping`) every `heartbeatMs` keeps proxies and browsers from dropping a quiet connection,
 * and tells the client that a stream silent for longer is dead.
 */
export class EventStream {
  readonly #reply: FastifyReply;
  #ping?: NodeJS.Timeout;
  #closed = false;
  #stalled = false;
  readonly #onClose: () => void;

  constructor(reply: FastifyReply, heartbeatMs: number, onClose: () => void) {
    this.#reply = reply;
    this.#onClose = onClose;
    reply.hijack();
    const alreadySet = Object.entries(reply.getHeaders()).filter((entry): entry is [string, string | number | string[]] => entry[1] !== undefined);
    reply.raw.writeHead(200, {
      ...Object.fromEntries(alreadySet),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      // Nothing follows a stream on its connection, and a closed socket lets the server shut down at once.
      connection: 'close',
      'x-accel-buffering': 'no',
    });
    reply.raw.flushHeaders();
    this.#ping = setInterval(() => this.#write(': ping\n\n'), heartbeatMs).unref();
    // The client went away (tab closed, fetch aborted): the agent is offline from now on.
    reply.raw.once('close', () => this.#finish());
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Nothing reaches the client any more (see `stall`): whatever is meant for it has to wait for its next stream. */
  get stalled(): boolean {
    return this.#stalled;
  }

  send(event: string, data: unknown): void {
    this.#write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  /**
   * The connection stays open and the service still counts the agent online, but not a byte more is written,
   * not even a ping: what a half-open connection, or a middlebox that dropped it, looks like to the client.
   * It lasts until the client gives up on the stream (or the service ends it).
   */
  stall(): void {
    this.#stalled = true;
    clearInterval(this.#ping);
    this.#ping = undefined;
  }

  /** Ends the response; the client sees the stream finish. */
  close(): void {
    if (this.#closed) return;
    this.#finish();
    this.#reply.raw.end();
  }

  #write(text: string): void {
    if (!this.#closed && !this.#stalled) this.#reply.raw.write(text);
  }

  #finish(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#ping);
    this.#onClose();
  }
}
