import { expect } from '@open-wc/testing';
import type { TpeConsent } from '../../src/elements/tpe-consent.js';
import { assertNoTokenLeaks, click, mountConsent, part, until, waitForStatus, useConsentPage } from './support/consent.js';
import { devTenant, signInAs } from './support/dev-tenant.js';

// The fixture's second customer: one vendor page and proxy serve it beside Contoso.
const FABRIKAM = {
  tenantId: '8c6da6cd-6da0-41ed-b344-0cffcd8f2d3e',
  admin: { id: '093cdd91-fc17-4452-8ac4-457bde574075', upn: 'fiona.ccaasadmin@fabrikam.dev', password: 'FabrikamAdmin!1' },
  agent: { id: '0401b8da-8483-425c-bf2f-bcf5bdcdcec8', upn: 'felix.agent@fabrikam.dev' },
  helpDesk: 'd21e1d16-c12e-454f-8c28-51ea9b3c235b',
};

const rowNames = (el: TpeConsent) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="resource-account"]')].map((r) => r.textContent!);

/** Fabrikam's administrator acting through the proxy, as Fabrikam's own admin view would. */
async function assignInFabrikam(objectId: string, body: { principalType: string; clientIds?: string[] }): Promise<void> {
  const { url, proxyUrl, config } = await devTenant();
  const scope = `api://${config.msal.clientId}/access_as_user`;
  const { admin } = FABRIKAM;
  // The consent goes to the SPA and to the test automation client, whose password grant stands in for the admin's sign-in.
  await fetch(`${url}/.dev/consent`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: admin.id, scopes: [scope] }) });
  const tokenResponse = await fetch(`${url}/${FABRIKAM.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({ client_id: config.testAutomation.clientId, grant_type: 'password', username: admin.upn, password: admin.password, scope }),
  });
  const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
  const response = await fetch(`${proxyUrl}/api/tenants/${FABRIKAM.tenantId}/assignments/${objectId}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`assignment failed: ${response.status} ${await response.text()}`);
}

describe('<tpe-consent> for a second customer tenant', () => {
  const page = useConsentPage();

  it("signs a Fabrikam agent in on the vendor's page, in Fabrikam's tenant, and is ready once Fabrikam's admin grants access", async () => {
    const { el, events } = await mountConsent();
    click(el, 'sign-in-button');
    await signInAs({ upn: FABRIKAM.agent.upn });
    await waitForStatus(el, 'needs-assignment');
    expect(el.account?.username).to.equal(FABRIKAM.agent.upn);
    expect(el.account?.tenantId).to.equal(FABRIKAM.tenantId);

    const { config } = await devTenant();
    await assignInFabrikam(FABRIKAM.agent.id, { principalType: 'user', clientIds: [config.msal.clientId] });
    await assignInFabrikam(FABRIKAM.helpDesk, { principalType: 'resourceAccount' });
    click(el, 'retry-button');
    await waitForStatus(el, 'ready');
    expect(part(el, 'account')!.textContent).to.contain('Felix Agent');
    await expect(el).to.be.accessible();
    assertNoTokenLeaks(el, events, page.lines());
  });

  it("shows Fabrikam's admin Fabrikam's lines only, and Fabrikam's admin consent leaves Contoso's admin still asking for one", async () => {
    const { el, events } = await mountConsent({ mode: 'admin' });
    click(el, 'sign-in-button');
    await signInAs({ upn: FABRIKAM.admin.upn });
    await waitForStatus(el, 'needs-admin-consent');
    click(el, 'admin-consent-button');
    await signInAs({ upn: FABRIKAM.admin.upn, consentForOrg: true, signedInAlready: true });
    await waitForStatus(el, 'ready');
    await until(() => rowNames(el).length === 2, "Fabrikam's two resource accounts");
    expect(rowNames(el).some((text) => text.includes('Contoso'))).to.equal(false);
    const helpDesk = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="resource-account"]')].find((r) => r.textContent!.includes('Fabrikam Help Desk'))!;
    helpDesk.querySelector<HTMLButtonElement>('[part~="link-button"]')!.click();
    await until(() => helpDesk.textContent!.includes('Linked: ready for calls'), 'the link to be confirmed');
    await expect(el).to.be.accessible();
    await el.signOut();

    const contoso = await mountConsent({ mode: 'admin' });
    click(contoso.el, 'sign-in-button');
    await signInAs({ upn: 'cam.ccaasadmin@contoso.dev' });
    await waitForStatus(contoso.el, 'needs-admin-consent');
    assertNoTokenLeaks(el, events, page.lines());
  });
});
