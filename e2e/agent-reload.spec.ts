// An agent reloads the agent desktop in the middle of a call: the browser asks first; if the agent goes on,
// the caller is not left on a dead line (the service ends the call once the agent's endpoint has been silent
// for its grace), and the reloaded page says what became of the call.
import { expect, test } from '@playwright/test';
import { agentDesk, CALLER, expectRinging, goOnline, latestCall, provisionTenant, resetDevTenant, ringTheLine, setCallingSettings, signInAgent } from './support/demo.js';

/** A number as the phone shows it to people: +1 206 555 0199. */
const formatted = (e164: string) => e164.replace(/^\+1(\d{3})(\d{3})(\d{4})$/, '+1 $1 $2 $3');

test.beforeEach(async () => {
  await resetDevTenant();
  await provisionTenant(['avery']);
  await setCallingSettings({ endpointGraceMs: 2000 });
});

test.afterEach(async () => {
  await setCallingSettings({ endpointGraceMs: 20_000 });
});

test('a reload mid-call asks first, ends the caller’s call and says so after', async ({ page }) => {
  const desk = agentDesk(page);
  await page.goto('/');
  await signInAgent(page, 'avery');
  await goOnline(page);
  await ringTheLine(page);
  await expectRinging(page);
  await desk.phonePart('accept-button').click();
  await expect(desk.phone).toHaveAttribute('status', 'in-call');
  const { callId } = await latestCall();

  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.type());
    void dialog.accept();
  });
  await page.reload();
  expect(dialogs, 'the browser asked before leaving the call').toEqual(['beforeunload']);

  await expect.poll(async () => (await latestCall()).state, { message: 'the caller’s call ends', timeout: 15_000 }).toBe('Disconnected');
  expect((await latestCall()).callId).toBe(callId);
  await expect(desk.phonePart('interrupted-call')).toHaveText(`Your call with ${formatted(CALLER)} was cut off when this page was reloaded or closed; the service ends it for the caller.`);
});
