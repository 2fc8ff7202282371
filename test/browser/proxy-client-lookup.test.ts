import { expect } from '@open-wc/testing';
import { ProxyClient, ProxyError, type Assignment } from '../../src/proxy/proxy-client.js';
import { watchFetch, type WatchedFetch } from './support/watched-fetch.js';

const PROXY = 'http://proxy.test';
const TENANT = 'cc723ae6-a5c6-40e2-b771-f6793c2e1d59';
const LOOKUP = `/api/tenants/${TENANT}/assignments`;

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A proxy that holds one assignment (for `linked`) and answers each lookup as the real one does. */
function lookupAnswer(linked: string) {
  return (url: URL) => {
    const asked = url.searchParams.get('objectIds')!.split(',');
    const assignment = (objectId: string): Assignment | null => (objectId === linked ? { objectId, tenantId: TENANT, principalType: 'resourceAccount' } : null);
    return json(200, { value: asked.map((objectId) => ({ objectId, assignment: assignment(objectId) })) });
  };
}

describe('ProxyClient.getAssignments', () => {
  let watched: WatchedFetch | undefined;
  afterEach(() => watched?.restore());

  it('asks for 50 ids a request, each id once, and answers every one, null where there is none', async () => {
    const ids = Array.from({ length: 120 }, (_, n) => id(n));
    watched = watchFetch((url) => url.origin === PROXY, { answer: lookupAnswer(ids[77]!) });
    const signal = new AbortController().signal;

    const found = await new ProxyClient(PROXY).getAssignments(TENANT, [...ids, ids[3]!], 'api-token', signal);

    const asked = watched.to(LOOKUP).map((r) => r.url.searchParams.get('objectIds')!.split(','));
    expect(asked.map((chunk) => chunk.length)).to.deep.equal([50, 50, 20]);
    expect(asked.flat()).to.deep.equal(ids);
    expect(watched.requests.every((r) => r.signal === signal), 'the caller can abort every request').to.equal(true);
    expect(found.size).to.equal(120);
    expect(found.get(ids[77]!)?.principalType).to.equal('resourceAccount');
    expect([...found.entries()].filter(([, a]) => a !== null).map(([objectId]) => objectId)).to.deep.equal([ids[77]]);
  });

  it('asks the proxy nothing for no ids', async () => {
    watched = watchFetch((url) => url.origin === PROXY, { answer: lookupAnswer('') });
    expect((await new ProxyClient(PROXY).getAssignments(TENANT, [], 'api-token')).size).to.equal(0);
    expect(watched.requests).to.have.length(0);
  });

  it('rejects with what the proxy said when it refuses the lookup', async () => {
    watched = watchFetch((url) => url.origin === PROXY, { answer: () => json(403, { error: { code: 'admin_role_required', message: 'Only a Teams Administrator…' } }) });
    const failure = await new ProxyClient(PROXY).getAssignments(TENANT, [id(1)], 'api-token').catch((error: unknown) => error);
    expect(failure).to.be.instanceOf(ProxyError);
    expect((failure as ProxyError).status).to.equal(403);
    expect((failure as ProxyError).code).to.equal('admin_role_required');
  });
});
