import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** One request the proxy sent upstream. */
export interface UpstreamHit {
  method: string;
  /** Path and query. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface FakeAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Wait this long before answering (a slow upstream). */
  delayMs?: number;
  /** Accept the request and never answer (a stalled upstream). */
  hang?: boolean;
}

export interface FakeAcs {
  url: string;
  /** A connection string for the proxy: this endpoint and a throwaway key (the fake checks no signature). */
  connectionString: string;
  hits: UpstreamHit[];
  /** Resolves once `count` requests have arrived (answered or not). */
  hitsReached(count: number): Promise<void>;
  close(): Promise<void>;
}

/** An ACS token as the exchange returns it; JWT-shaped, distinct per call so a test can tell answers apart. */
export function acsTokenAnswer(): FakeAnswer {
  const token = `eyJhbGciOiJSUzI1NiJ9.eyJmYWtlIjoiYWNzIn0.${randomBytes(24).toString('base64url')}`;
  return { status: 200, body: { token, expiresOn: new Date(Date.now() + 3600_000).toISOString() } };
}

/** ACS's error shape for a throttled or unavailable service. */
export function unavailable(status: 429 | 503, retryAfterSeconds?: number): FakeAnswer {
  return {
    status,
    headers: retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) },
    body: { error: { code: status === 429 ? 'TooManyRequests' : 'ServiceUnavailable', message: 'Try again later.' } },
  };
}

/** Answers the first `count` requests with `failure`, then with a fresh ACS token. */
export function failingFirst(count: number, failure: FakeAnswer): (index: number) => FakeAnswer {
  return (index) => (index < count ? failure : acsTokenAnswer());
}

/** A stand-in for the ACS data plane on 127.0.0.1 that records every request and answers as scripted. */
export async function startFakeAcs(answer: (index: number, hit: UpstreamHit) => FakeAnswer = () => acsTokenAnswer()): Promise<FakeAcs> {
  const hits: UpstreamHit[] = [];
  const waiting: Array<{ count: number; resolve: () => void }> = [];
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const hit = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
    const reply = answer(hits.length, hit);
    hits.push(hit);
    for (const waiter of waiting.filter((w) => hits.length >= w.count)) {
      waiting.splice(waiting.indexOf(waiter), 1);
      waiter.resolve();
    }
    if (reply.hang) return;
    if (reply.delayMs) await sleep(reply.delayMs);
    const body = reply.body === undefined ? '' : JSON.stringify(reply.body);
    response.writeHead(reply.status, { ...(body ? { 'content-type': 'application/json' } : {}), ...reply.headers });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    connectionString: `endpoint=${url}/;accesskey=${randomBytes(32).toString('base64')}`,
    hits,
    hitsReached: (count) => (hits.length >= count ? Promise.resolve() : new Promise((resolve) => waiting.push({ count, resolve }))),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
