import { expect } from '@open-wc/testing';
import { classifyFailure } from '../../src/auth/classify-failure.js';
import { retryDelaySeconds } from '../../src/consent/busy-retry.js';
import { GraphRequestError } from '../../src/graph/resource-accounts.js';
import { ProxyClient, ProxyError } from '../../src/proxy/proxy-client.js';
import { rejection } from './support/busy-service.js';

describe('what a person is told when a service is busy', () => {
  it("says busy rather than sign out for the proxy's 503 keys_unavailable, and when to try again", () => {
    const { status, detail } = classifyFailure(new ProxyError(503, 'keys_unavailable', 'The signing keys could not be fetched.', 'Try again.', 12), { interactive: false });
    expect(status).to.equal('busy');
    expect(detail).to.deep.equal({ code: 'service-busy', message: 'The service is busy right now.', remedy: 'Try again in 12 seconds.', source: 'proxy', retryAfterSeconds: 12 });
  });

  it("says busy for the proxy's 429 and for an older proxy's 401 keys_unavailable, never sign out", () => {
    const rateLimited = classifyFailure(new ProxyError(429, 'rate_limited', 'Too many requests.', 'Wait.', 1), { interactive: false });
    expect(rateLimited.detail).to.deep.include({ code: 'service-busy', remedy: 'Try again in 1 second.' });
    const older = classifyFailure(new ProxyError(401, 'keys_unavailable', 'No keys.', 'Sign out and sign in again.'), { interactive: false });
    expect(older.status).to.equal('busy');
    expect(older.detail.remedy).to.equal('Wait a moment, then try again.');
  });

  it("says the directory is busy for Graph's 429, 503 and 504, in minutes when the wait is long", () => {
    for (const status of [429, 503, 504]) {
      const failure = classifyFailure(new GraphRequestError(status, 'TooManyRequests', 'Too many requests.', 3), { interactive: false });
      expect(failure.status, String(status)).to.equal('busy');
      expect(failure.detail.message).to.equal('The directory (Microsoft Graph) is busy right now.');
      expect(failure.detail.remedy).to.equal('Try again in 3 seconds.');
    }
    expect(classifyFailure(new GraphRequestError(429, 'TooManyRequests', 'Too many requests.', 300), { interactive: false }).detail.remedy).to.equal('Try again in 5 minutes.');
  });

  it('keeps saying "network" when the service cannot be reached at all', async () => {
    const error = await rejection(new ProxyClient('http://127.0.0.1:9').config());
    expect(classifyFailure(error, { interactive: false }).detail.code).to.equal('network');
  });

  it('waits at least a second and at most two minutes before trying again, doubling when the service did not say', () => {
    expect(retryDelaySeconds(0, 1)).to.equal(1);
    expect(retryDelaySeconds(7, 3)).to.equal(7);
    expect(retryDelaySeconds(600, 1)).to.equal(120);
    expect([1, 2, 3, 4].map((attempt) => retryDelaySeconds(undefined, attempt))).to.deep.equal([2, 4, 8, 16]);
  });
});
