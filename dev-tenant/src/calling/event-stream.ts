import type { FastifyReply } from 'fastify';

/** Proxies and browsers drop a silent connection; a comment line every 15 s keeps it open. */
export const PING_INTERVAL_MS = 15_000;

/**
 * One `text/event-stream` response. The reply is hijacked so Fastify does not end it; the headers the
 * CORS hook already set are copied, or a page on another origin could not read a single event.
 */
export class EventStream {
  readonly #reply: FastifyReply;
  readonly #ping: NodeJS.Timeout;
  #closed = false;
  readonly #onClose: () => void;

  constructor(reply: FastifyReply, onClose: () => void) {
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
    this.#ping = setInterval(() => this.#write(': ping\n\n'), PING_INTERVAL_MS).unref();
    // The client went away (tab closed, fetch aborted): the agent is offline from now on.
    reply.raw.once('close', () => this.#finish());
  }

  get closed(): boolean {
    return this.#closed;
  }

  send(event: string, data: unknown): void {
    this.#write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  /** Ends the response; the client sees the stream finish. */
  close(): void {
    if (this.#closed) return;
    this.#finish();
    this.#reply.raw.end();
  }

  #write(text: string): void {
    if (!this.#closed) this.#reply.raw.write(text);
  }

  #finish(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#ping);
    this.#onClose();
  }
}
