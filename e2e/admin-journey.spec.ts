// The administrator's first visit: from a tenant that has never seen the app to a linked support line and
// an agent with access, all through the demo's Admin portal and the dev tenant's sign-in windows.
import { expect, test } from '@playwright/test';
import { adminPortal, checkScreen, openView, resetDevTenant, SALES_LINE, signInThroughPopup, SUPPORT_LINE, USERS } from './support/demo.js';

test.beforeEach(async () => {
  await resetDevTenant();
});

test('an administrator consents, links the support line and grants Avery access', async ({ page }) => {
  const admin = adminPortal(page);
  await page.goto('/');
  await openView(page, 'Admin portal');

  await test.step('signed out', async () => {
    await expect(admin.el).toHaveAttribute('status', 'signed-out');
    await expect(admin.heading).toHaveText('Sign in to set up Teams Phone');
    await expect(admin.part('sign-in-button')).toHaveText('Sign in');
    await checkScreen(page, 'admin-signed-out');
  });

  await test.step('first sign-in: the app needs an administrator’s approval', async () => {
    await signInThroughPopup(page, admin.part('sign-in-button'), USERS.cam);
    await expect(admin.el).toHaveAttribute('status', 'needs-admin-consent');
    await expect(admin.heading).toHaveText('An administrator must approve this app');
    await expect(admin.part('message')).toContainText('An administrator must approve this app for your organization');
    await expect(admin.el.getByRole('textbox', { name: 'Admin-consent link for your administrator' })).toHaveValue(/\/adminconsent\?client_id=/);
    await expect(admin.part('admin-consent-button')).toHaveText('Grant admin consent for the organization');
    await checkScreen(page, 'admin-needs-consent');
  });

  await test.step('grant admin consent for the organization: signed in already, Cam only accepts, and goes straight on', async () => {
    let windows = 0;
    page.on('popup', () => windows++);
    await signInThroughPopup(page, admin.part('admin-consent-button'), USERS.cam, { consentForOrg: true, signedInAlready: true });
    expect(windows, 'windows opened to grant consent').toBe(1);
    await expect(admin.el).toHaveAttribute('status', 'ready');
    await expect(admin.heading).toHaveText('Signed in as an administrator.');
    await expect(admin.part('account')).toHaveText(`Signed in as ${USERS.cam.name} (${USERS.cam.upn})`);
    await expect(admin.part('resource-account')).toHaveCount(2);

    const support = admin.row(SUPPORT_LINE.name);
    await expect(support).toContainText(SUPPORT_LINE.number);
    await expect(support.locator('[part~="resource-account-status"]')).toHaveText('Not linked yet');
    await expect(support.getByRole('button', { name: `Link ${SUPPORT_LINE.name}` })).toBeEnabled();

    // The misprovisioned line cannot be linked; the Teams PowerShell that fixes it is offered instead.
    const sales = admin.row(SALES_LINE.name);
    await expect(sales).toContainText(SALES_LINE.number);
    await expect(sales.locator('[part~="resource-account-status"]')).toHaveText('Not bound to an ACS resource');
    await expect(sales.locator('[part~="link-button"]')).toHaveCount(0);
    await expect(admin.part('fix-script')).toContainText(`PowerShell that fixes ${SALES_LINE.name}`);
    await checkScreen(page, 'admin-resource-accounts');
  });

  await test.step('link the support line', async () => {
    const support = admin.row(SUPPORT_LINE.name);
    await support.getByRole('button', { name: `Link ${SUPPORT_LINE.name}` }).click();
    await expect(support.locator('[part~="resource-account-status"]')).toHaveText('Linked: ready for calls');
    await expect(support.getByRole('button', { name: `Unlink ${SUPPORT_LINE.name}` })).toBeVisible();
    await checkScreen(page, 'admin-support-line-linked');
  });

  await test.step('find Avery and grant access', async () => {
    await admin.el.getByRole('searchbox', { name: 'Find users or groups' }).fill('avery');
    await admin.part('search-button').click();
    const avery = admin.entry(USERS.avery.name);
    await expect(avery).toContainText(USERS.avery.upn);
    await expect(avery.locator('[part~="access-state"]')).toHaveText('No access');
    await checkScreen(page, 'admin-avery-found');

    await avery.getByRole('button', { name: `Grant access to ${USERS.avery.name}` }).click();
    await expect(avery.locator('[part~="access-state"]')).toHaveText('Has access');
    await expect(avery.getByRole('button', { name: `Revoke access for ${USERS.avery.name}` })).toBeVisible();
    await checkScreen(page, 'admin-avery-granted');
  });

  await test.step('the grant holds after a reload', async () => {
    await page.reload();
    await expect(admin.el).toHaveAttribute('status', 'ready');
    await expect(admin.row(SUPPORT_LINE.name).locator('[part~="resource-account-status"]')).toHaveText('Linked: ready for calls');
    await admin.el.getByRole('searchbox', { name: 'Find users or groups' }).fill('avery');
    await admin.part('search-button').click();
    await expect(admin.entry(USERS.avery.name).locator('[part~="access-state"]')).toHaveText('Has access');
  });
});
