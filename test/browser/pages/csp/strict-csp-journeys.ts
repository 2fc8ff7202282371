// The screens a person goes through with both elements, on the dev tenant and the calling simulator, with
// no sign-in window. Each step is noted once the page can see it, so a run that silently did nothing shows.
import { farEnd, mountDesk, removeDesks, SALES_LINE, waitForAgent } from '../../support/calling.js';
import { click, mountConsent, part, until, waitForStatus } from '../../support/consent.js';
import { devTenant, UPN } from '../../support/dev-tenant.js';
import { PasswordGrantProvider } from '../../support/password-grant-provider.js';
import type { StrictCspReport } from './strict-csp.js';

export type Seen = Pick<StrictCspReport, 'reached' | 'scriptWhiteSpace' | 'scriptLineCount'>;

const CCAAS_ADMIN_PASSWORD = 'CcaasAdmin!1';

/** The administrator signs in, sees the resource accounts, and opens the script that fixes the sales line. */
export async function adminJourney(seen: Seen): Promise<void> {
  const { config } = await devTenant();
  const provider = new PasswordGrantProvider(config.testAutomation.clientId, UPN.ccaasAdmin, CCAAS_ADMIN_PASSWORD);
  const { el } = await mountConsent({ mode: 'admin', authProvider: provider });
  await until(() => Boolean(part(el, 'sign-in-button')), 'the admin sign-in button');
  seen.reached.push('admin signed out');
  click(el, 'sign-in-button');
  await waitForStatus(el, 'ready');
  await until(() => el.shadowRoot!.querySelectorAll('[part~="resource-account"]').length === 2, 'the resource-account list');
  seen.reached.push('admin resource accounts');
  const fix = el.shadowRoot!.querySelector(`[part~="resource-account-fix"][data-for="${SALES_LINE}"]`)!;
  fix.querySelector('summary')!.click();
  const code = fix.querySelector<HTMLElement>('[part~="command"] code')!;
  await until(() => Boolean(fix.querySelector('details[open]')) && code.getClientRects().length > 0, 'the provisioning script to open');
  seen.scriptWhiteSpace = getComputedStyle(code).whiteSpace;
  seen.scriptLineCount = code.textContent!.split('\n').length;
  seen.reached.push('admin provisioning script');
  await el.signOut();
  el.parentElement!.remove();
}

/** The agent signs in, goes online, the phone rings, the agent answers, and the caller hangs up. */
export async function agentJourney(seen: Seen): Promise<void> {
  // mountDesk waits for the signed-out screen, signs in without a window and waits for ready.
  const { consent, agent } = await mountDesk('avery');
  seen.reached.push(`agent ${consent.status}`);
  await agent.goOnline();
  await waitForAgent(agent, 'ready');
  seen.reached.push('call agent online');
  const call = await farEnd.call();
  await until(() => agent.ringing && Boolean(part(agent, 'incoming')), 'the phone to ring');
  seen.reached.push('call agent ringing');
  click(agent, 'accept-button');
  await waitForAgent(agent, 'in-call');
  await until(() => part(agent, 'call-state')?.textContent === 'Connected', 'the call to connect');
  seen.reached.push('call agent in call');
  await farEnd.hangUp(call.callId);
  await waitForAgent(agent, 'ready');
  seen.reached.push('call agent ready again');
  removeDesks();
}
