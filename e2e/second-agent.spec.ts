// Who rings: two agents at their own desks (two browser contexts, so two MSAL caches and dev-tenant
// sessions) on the same demo. Only agents who are assigned and online ring; the first to answer takes
// the call and the other's phone stops.
import { expect, test } from '@playwright/test';
import {
  agentDesk,
  checkScreen,
  expectNotRinging,
  expectRinging,
  goOnline,
  grantAgent,
  latestCall,
  newDesk,
  provisionTenant,
  resetDevTenant,
  ringTheLine,
  signInAgent,
  SUPPORT_LINE,
  USERS,
  CALLER,
} from './support/demo.js';

test.beforeEach(async () => {
  await resetDevTenant();
  await provisionTenant(['avery']);
});

let closeBlake: (() => Promise<void>) | undefined;
test.afterEach(async () => {
  await closeBlake?.();
  closeBlake = undefined;
});

test('only assigned, online agents ring, and the first to answer takes the call', async ({ page: averyPage, browser }) => {
  const { context: blakeContext, page: blakePage } = await newDesk(browser);
  closeBlake = () => blakeContext.close();
  const avery = agentDesk(averyPage);
  const blake = agentDesk(blakePage);
  const inbound = avery.farEndCalls.filter({ hasText: `${CALLER} → ${SUPPORT_LINE.number}` });

  await test.step('Avery (assigned) signs in and goes online', async () => {
    await averyPage.goto('/#agent');
    await signInAgent(averyPage, 'avery');
    await goOnline(averyPage);
  });

  await test.step('Blake (not assigned) signs in: he waits for access and cannot go online', async () => {
    await blakePage.goto('/#agent');
    await signInAgent(blakePage, 'blake', 'needs-assignment');
    await expect(blake.consentPart('status')).toHaveText('Waiting for access');
    await expect(blake.consentPart('message')).toHaveText('Your account has not been given access to take calls here yet.');
    await expect(blake.consentPart('remedy')).toHaveText('Ask your CCaaS administrator to grant you agent access.');
    await checkScreen(blakePage, 'second-blake-needs-assignment');

    // Going online cannot succeed yet: the phone does not offer it, and says where to look.
    await expect(blake.phonePart('online-button')).toHaveCount(0);
    await expect(blake.phonePart('status')).toHaveText('Offline');
    await expect(blake.phonePart('message')).toHaveText('Your account cannot take calls yet: the sign-in card says what is missing.');
    await checkScreen(blakePage, 'second-blake-cannot-go-online');
  });

  await test.step('a call rings Avery only', async () => {
    await ringTheLine(blakePage);
    await expectRinging(averyPage);
    expect((await latestCall()).ringing).toEqual([USERS.avery.id]);
    await expectNotRinging(blakePage);
    await expect(blake.phone).toHaveAttribute('status', 'offline');
    await checkScreen(averyPage, 'second-only-avery-rings');
    // The caller gives up: Avery's phone stops.
    await blake.farEndCalls.first().getByRole('button', { name: 'Hang up' }).click();
    await expectNotRinging(averyPage);
    await expect(avery.phonePart('last-call')).toHaveText('Last call: The caller hung up before the call was answered.');
  });

  await test.step('the administrator grants Blake access: he checks again and goes online', async () => {
    await grantAgent('blake');
    await blake.consentPart('retry-button').click();
    await expect(blake.consent).toHaveAttribute('status', 'ready');
    await expect(blake.consentPart('account')).toHaveText(`Signed in as ${USERS.blake.name} (${USERS.blake.upn})`);
    await blake.phonePart('online-button').click();
    await expect(blake.phone).toHaveAttribute('status', 'ready');
    await expect(blake.phonePart('status')).toHaveText('Ready for calls');
  });

  await test.step('a call rings both; Blake answers and Avery’s phone stops', async () => {
    await ringTheLine(averyPage);
    await expectRinging(averyPage);
    await expectRinging(blakePage);
    expect([...(await latestCall()).ringing].sort()).toEqual([USERS.avery.id, USERS.blake.id].sort());
    await checkScreen(blakePage, 'second-both-ringing');

    await blake.phonePart('accept-button').click();
    await expect(blake.phonePart('call-state')).toHaveText('Connected');
    await expectNotRinging(averyPage);
    await expect(avery.phone).toHaveAttribute('status', 'ready');
    await expect(avery.phonePart('last-call')).toHaveText('Last call: Answered by another agent.');
    await expect(inbound.first()).toContainText('Connected');
    expect((await latestCall()).agent?.oid).toBe(USERS.blake.id);
    await checkScreen(averyPage, 'second-answered-elsewhere');

    await blake.phonePart('hang-up-button').click();
    await expect(blake.phone).toHaveAttribute('status', 'ready');
    await expect(inbound.first()).toContainText('Disconnected');
  });

  await test.step('Avery goes offline: assigned but offline, she is not rung', async () => {
    await avery.phonePart('offline-button').click();
    await expect(avery.phone).toHaveAttribute('status', 'offline');
    await expect(avery.phonePart('status')).toHaveText('Offline');

    await ringTheLine(averyPage);
    await expectRinging(blakePage);
    expect((await latestCall()).ringing).toEqual([USERS.blake.id]);
    await expectNotRinging(averyPage);
    await checkScreen(averyPage, 'second-offline-not-rung');
    await blake.phonePart('decline-button').click();
    await expectNotRinging(blakePage);
    await expect(inbound.first()).toContainText('(603/0)');
  });

  await test.step('nobody assigned is online: the caller hears 480/10037 and nothing rings', async () => {
    await blake.phonePart('offline-button').click();
    await expect(blake.phone).toHaveAttribute('status', 'offline');
    await ringTheLine(averyPage);
    await expect(inbound.first()).toContainText('Disconnected');
    await expect(inbound.first()).toContainText('(480/10037)');
    expect((await latestCall()).ringing).toEqual([]);
    await expectNotRinging(averyPage);
    await expectNotRinging(blakePage);
    await checkScreen(averyPage, 'second-nobody-online');
  });
});
