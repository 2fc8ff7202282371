import { expect } from '@open-wc/testing';
import { graphGet } from '../../src/graph/graph-get.js';
import { GraphRequestError, listResourceAccounts } from '../../src/graph/resource-accounts.js';
import { ProxyClient, ProxyError } from '../../src/proxy/proxy-client.js';
import { parseRetryAfter } from '../../src/retry-after.js';
import { busyAnswer, busyFor, rejection, type BusyService } from './support/busy-service.js';

describe('how long a busy service asks to wait (Retry-After)', () => {
  const now = Date.parse('2025-06-30T12:00:00Z');

  it('reads delta-seconds and HTTP-dates, and ignores what it cannot read', () => {
    expect(parseRetryAfter('30', now)).to.equal(30);
    expect(parseRetryAfter(' 0 ', now)).to.equal(0);
    expect(parseRetryAfter('Mon, 30 Jun 2025 12:00:45 GMT', now)).to.equal(45);
    expect(parseRetryAfter('Mon, 30 Jun 2025 11:59:00 GMT', now), 'a date already past means now').to.equal(0);
    for (const unreadable of [null, undefined, '', 'soon', '-5', '1.5', '12abc']) expect(parseRetryAfter(unreadable, now), String(unreadable)).to.equal(undefined);
  });

  it('believes no wait longer than ten minutes', () => {
    expect(parseRetryAfter('86400', now)).to.equal(600);
    expect(parseRetryAfter('Fri, 31 Dec 9999 23:59:59 GMT', now)).to.equal(600);
  });
});

describe("the proxy's and Graph's errors carry their Retry-After", () => {
  let service: BusyService | undefined;
  afterEach(() => service?.restore());

  it("on the proxy's 503", async () => {
    service = busyFor((url) => url.pathname === '/api/me/assignment', busyAnswer(503, '12', { code: 'keys_unavailable', message: 'The signing keys could not be fetched.' }));
    const error = (await rejection(new ProxyClient('https://proxy.example').myAssignment('token'))) as ProxyError;
    expect(error).to.be.instanceOf(ProxyError);
    expect(error).to.include({ status: 503, code: 'keys_unavailable', retryAfterSeconds: 12 });
  });

  it("on Graph's 429, from a directory search or the resource-account list", async () => {
    service = busyFor((url) => url.hostname === 'graph.example', busyAnswer(429, new Date(Date.now() + 60_000).toUTCString(), { code: 'TooManyRequests', message: 'Too many requests.' }), 2);
    const search = (await rejection(graphGet('https://graph.example/v1.0/users', 'token'))) as GraphRequestError;
    expect(search).to.be.instanceOf(GraphRequestError);
    expect(search.retryAfterSeconds, 'an HTTP-date a minute ahead').to.be.within(58, 60);
    const list = (await rejection(listResourceAccounts({ graphBaseUrl: 'https://graph.example', accessToken: 'token', botAppId: crypto.randomUUID() }))) as GraphRequestError;
    expect(list).to.include({ status: 429, code: 'TooManyRequests' });
    expect(list.retryAfterSeconds).to.be.within(58, 60);
  });

  it('leave it out when the service did not say', async () => {
    service = busyFor((url) => url.pathname === '/api/config', () => new Response('{}', { status: 503 }));
    const error = (await rejection(new ProxyClient('https://proxy.example').config())) as ProxyError;
    expect(error.retryAfterSeconds).to.equal(undefined);
  });
});
