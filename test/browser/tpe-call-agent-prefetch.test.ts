import { expect } from '@open-wc/testing';
import { html, render } from 'lit';
import { until } from './support/consent.js';
import { resetDevTenant } from './support/dev-tenant.js';
import { mountDesk, provisionTenant, removeDesks, waitForAgent } from './support/calling.js';

/** Module URLs the page fetched so far (the test runner serves each module as its own request). */
function fetchedModules(): string[] {
  return performance.getEntriesByType('resource').map((entry) => entry.name);
}

const CALLING_CODE = /communication-calling|\/src\/simulator\/|call-agent-session|communication-common/;
const calling = () => fetchedModules().filter((url) => CALLING_CODE.test(url));
const idle = () => new Promise((resolve) => requestIdleCallback(resolve, { timeout: 3000 }));

// A module is fetched once per page: the phone that never becomes ready goes first.
describe('<tpe-call-agent>: the calling code is fetched ahead of Go online', () => {
  before(async () => {
    await resetDevTenant();
    await provisionTenant(['avery']);
  });

  afterEach(() => removeDesks());

  it('fetches nothing for a phone whose consent never becomes ready', async () => {
    const host = document.createElement('div');
    host.className = 'desk';
    document.body.append(host);
    render(html`<tpe-consent id="never-ready"></tpe-consent><tpe-call-agent for="never-ready"></tpe-call-agent>`, host);
    await idle();
    await idle();
    expect(host.querySelector('tpe-consent')!.status).not.to.equal('ready');
    expect(calling()).to.deep.equal([]);
  });

  it('fetches the session and the simulator at idle time once the consent is ready, before any Go online', async () => {
    const { agent } = await mountDesk('avery');
    await until(() => calling().some((url) => url.includes('call-agent-session')) && calling().some((url) => url.includes('/src/simulator/')), 'the calling code to be fetched');
    expect(agent.status).to.equal('offline');
    // Fetched only: no registration, no devices asked for, until the agent goes online.
    await agent.goOnline();
    await waitForAgent(agent, 'ready');
  });
});
