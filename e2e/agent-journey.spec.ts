// An agent's shift on the demo's Agent desktop: sign in, go online, take a call from the far end (hold,
// keypad, transfer), take another and hang up, then call a customer on behalf of the support line. The
// tenant is provisioned over HTTP first (the admin journey covers doing it through the UI).
import { expect, test } from '@playwright/test';
import {
  agentDesk,
  CALLER,
  checkScreen,
  expectRinging,
  goOnline,
  latestCall,
  openView,
  provisionTenant,
  resetDevTenant,
  ringTheLine,
  signInAgent,
  SUPPORT_LINE,
  USERS,
} from './support/demo.js';

const TRANSFER_TARGET = '+14255550177';
const CUSTOMER = '+12065550123';

test.beforeEach(async () => {
  await resetDevTenant();
  await provisionTenant(['avery']);
});

test('Avery takes, holds, transfers and places calls for the support line', async ({ page }) => {
  const desk = agentDesk(page);
  const inbound = desk.farEndCalls.filter({ hasText: `${CALLER} → ${SUPPORT_LINE.number}` });

  await test.step('signed out', async () => {
    await page.goto('/');
    await openView(page, 'Agent desktop');
    await expect(desk.consent).toHaveAttribute('status', 'signed-out');
    await expect(desk.consentPart('status')).toHaveText('Sign in to take calls');
    await expect(desk.phonePart('status')).toHaveText('Offline');
    await expect(desk.farEnd.getByRole('button', { name: 'Ring the line' })).toBeVisible();
    await expect(desk.farEnd.getByLabel('Line')).toContainText(SUPPORT_LINE.name);
    await checkScreen(page, 'agent-signed-out');
  });

  await test.step('sign in as Avery: ready, the phone still offline', async () => {
    await signInAgent(page, 'avery');
    await expect(desk.phonePart('message')).toHaveText('Go online to take and place calls.');
    await checkScreen(page, 'agent-signed-in-offline');
  });

  await test.step('go online', async () => {
    await goOnline(page);
    await expect(desk.phonePart('dial-form')).toBeVisible();
    await expect(desk.phonePart('offline-button')).toHaveText('Go offline');
    await checkScreen(page, 'agent-ready');
  });

  await test.step('the far end rings the support line: the phone rings', async () => {
    await ringTheLine(page);
    await expectRinging(page);
    await expect(inbound.first()).toContainText('Ringing');
    expect((await latestCall()).ringing).toEqual([USERS.avery.id]);
    await checkScreen(page, 'agent-ringing');
  });

  await test.step('answer', async () => {
    await desk.phonePart('accept-button').click();
    await expect(desk.phone).toHaveAttribute('status', 'in-call');
    await expect(desk.phonePart('status')).toHaveText('In call');
    await expect(desk.phonePart('call-state')).toHaveText('Connected');
    await expect(desk.phonePart('timer')).toHaveText(/^\d+:\d\d$/);
    await expect(desk.phone).not.toHaveAttribute('ringing', '');
    await expect(inbound.first()).toContainText('Connected');
    await checkScreen(page, 'agent-in-call');
  });

  await test.step('hold and resume', async () => {
    await desk.phonePart('hold-button').click();
    await expect(desk.phonePart('call-state')).toHaveText('On hold');
    await expect(desk.phonePart('hold-button')).toHaveText('Resume');
    await expect(desk.phonePart('hold-button')).toHaveAttribute('aria-pressed', 'true');
    await expect(inbound.first()).toContainText('on hold');
    await checkScreen(page, 'agent-on-hold');

    await desk.phonePart('hold-button').click();
    await expect(desk.phonePart('call-state')).toHaveText('Connected');
    await expect(desk.phonePart('hold-button')).toHaveText('Hold');
    await expect(inbound.first()).not.toContainText('on hold');
  });

  await test.step('keypad: tones 1 2 #', async () => {
    await desk.phonePart('keypad-button').click();
    const keypad = desk.phone.getByRole('group', { name: 'Dial pad: send tones' });
    await expect(keypad).toBeVisible();
    await expect(desk.phonePart('keypad-button')).toHaveAttribute('aria-expanded', 'true');
    for (const key of ['1', '2', '#']) await keypad.getByRole('button', { name: key, exact: true }).click();
    await expect(inbound.first()).toContainText('tones 12#');
    await checkScreen(page, 'agent-keypad');
    await desk.phonePart('keypad-button').click();
    await expect(keypad).toBeHidden();
  });

  await test.step('transfer to a phone number: the agent is free again', async () => {
    await desk.phonePart('transfer-button').click();
    const form = desk.phonePart('transfer-form');
    await expect(form).toBeVisible();
    await form.getByLabel('Transfer to (phone number or agent id)').fill(TRANSFER_TARGET);
    await checkScreen(page, 'agent-transfer-form');

    await form.getByRole('button', { name: 'Transfer now' }).click();
    await expect(desk.phone).toHaveAttribute('status', 'ready');
    await expect(desk.phonePart('status')).toHaveText('Ready for calls');
    await expect(desk.phonePart('last-call')).toHaveText('Last call: Transferred.');
    await expect(desk.phonePart('call')).toHaveCount(0);
    await expect(inbound.first()).toContainText(`transfer to ${TRANSFER_TARGET}: Transferred`);
    await checkScreen(page, 'agent-transferred');
  });

  await test.step('another call: answered, then the agent hangs up', async () => {
    await ringTheLine(page);
    await expectRinging(page);
    await desk.phonePart('accept-button').click();
    await expect(desk.phonePart('call-state')).toHaveText('Connected');
    const call = await latestCall();
    expect(call).toMatchObject({ direction: 'inbound', state: 'Connected', agent: { oid: USERS.avery.id } });

    await desk.phonePart('hang-up-button').click();
    await expect(desk.phone).toHaveAttribute('status', 'ready');
    await expect(desk.phonePart('last-call')).toHaveText('Last call: Call ended.');
    // The newest far-end entry is this call, ended by the agent.
    await expect(inbound.first()).toContainText('Disconnected');
    await expect(inbound.first()).toContainText('(0/0)');
    await expect(inbound.first().getByRole('button')).toHaveCount(0);
    expect(await latestCall()).toMatchObject({ callId: call.callId, state: 'Disconnected', endReason: { code: 0, subCode: 0 } });
    await checkScreen(page, 'agent-hung-up');
  });

  await test.step('call a customer on behalf of the support line', async () => {
    const dialForm = desk.phonePart('dial-form');
    await dialForm.getByLabel('Phone number').fill(CUSTOMER);
    await dialForm.getByLabel('Call as').selectOption({ label: `${SUPPORT_LINE.name} (${SUPPORT_LINE.shown})` });
    await desk.phonePart('dial-button').click();

    await expect(desk.phone).toHaveAttribute('status', 'in-call');
    await expect(desk.phonePart('call-state')).toHaveText('Ringing…');
    const outbound = desk.farEndCalls.filter({ hasText: `agent → ${CUSTOMER}` });
    await expect(outbound.first()).toContainText('Ringing');
    expect(await latestCall()).toMatchObject({ direction: 'outbound', to: CUSTOMER, resourceAccountId: SUPPORT_LINE.id, agent: { oid: USERS.avery.id } });
    await checkScreen(page, 'agent-outgoing-ringing');

    await outbound.first().getByRole('button', { name: 'Answer' }).click();
    await expect(desk.phonePart('call-state')).toHaveText('Connected');
    await expect(outbound.first()).toContainText('Connected');
    await checkScreen(page, 'agent-outgoing-connected');

    await desk.phonePart('hang-up-button').click();
    await expect(desk.phone).toHaveAttribute('status', 'ready');
    await expect(desk.phonePart('last-call')).toHaveText('Last call: Call ended.');
    await expect(outbound.first()).toContainText('Disconnected');
  });
});
