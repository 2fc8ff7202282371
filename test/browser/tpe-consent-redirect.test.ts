import { expect } from '@open-wc/testing';
import { resetDevTenant, signInAs, UPN } from './support/dev-tenant.js';

describe('<tpe-consent redirect-fallback>', () => {
  beforeEach(() => resetDevTenant());

  it('signs in by redirect when the popup is blocked, and resumes when the page comes back', async () => {
    const channel = new BroadcastChannel('consent-redirect-fallback');
    const seen: { status: string; account?: string }[] = [];
    const settled = new Promise<void>((resolve) => {
      channel.onmessage = (event: MessageEvent<{ status: string; account?: string }>) => {
        seen.push(event.data);
        if (event.data.status === 'needs-assignment') resolve();
      };
    });
    const page = window.open('/test/browser/pages/consent-redirect-fallback.html');
    await signInAs({ upn: UPN.agent });
    await settled;
    page?.close();
    channel.close();
    expect(seen.at(-1)).to.deep.equal({ status: 'needs-assignment', account: UPN.agent });
  });
});
