import { executeServerCommand } from '@web/test-runner-commands';
import type { PublicClientApplication } from '@azure/msal-browser';
import { loadDevTenant, type DevTenantConfig } from './dev-tenant-config.js';

export interface DevTenantHandle {
  url: string;
  proxyUrl: string;
  config: DevTenantConfig;
}

let cached: Promise<DevTenantHandle> | undefined;

export function devTenant(): Promise<DevTenantHandle> {
  cached ??= loadDevTenant();
  return cached;
}

/** Forgets consents, sessions and refresh tokens on the dev tenant and tokens in this browser. */
export async function resetDevTenant(): Promise<void> {
  const { url } = await devTenant();
  const response = await fetch(`${url}/.dev/reset`, { method: 'POST' });
  if (response.status !== 204) throw new Error(`reset failed: ${response.status}`);
  sessionStorage.clear();
  localStorage.clear();
}

/** Flips the dev tenant's policy switches (reset restores them). */
export async function setTenantPolicy(policy: { acsServicePrincipalInstalled?: boolean; acsPermissionsRequireAdminConsent?: boolean }): Promise<void> {
  const { url } = await devTenant();
  const response = await fetch(`${url}/.dev/policy`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(policy) });
  if (!response.ok) throw new Error(`policy failed: ${response.status}`);
}

export async function consentTenantWide(): Promise<void> {
  const { url } = await devTenant();
  const response = await fetch(`${url}/.dev/consent`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  if (response.status !== 204) throw new Error(`consent failed: ${response.status}`);
}

/** Loaded on demand, so that a test file that never signs in with MSAL never fetches it. */
export async function createMsal(): Promise<PublicClientApplication> {
  const { createMsalFor } = await import('./msal.js');
  return createMsalFor((await devTenant()).config);
}

export interface SignInAction {
  upn: string;
  password?: string;
  consentForOrg?: boolean;
  /** Fail unless the window only asks the user, signed in already, to accept. */
  signedInAlready?: boolean;
  cancel?: boolean;
  /** Which dev tenant page to act on; the authorize page unless told. */
  path?: string;
}

/** Acts as the person in the sign-in window the dev tenant opened (driven from the test runner). */
export async function signInAs(action: SignInAction): Promise<void> {
  await executeServerCommand('dev-tenant-sign-in', action);
}

/** Reads a JWT's payload, to check what a token says without trusting it for anything. */
export function claimsOf(token: string): Record<string, unknown> {
  const part = token.split('.')[1]!;
  return JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
}

export const UPN = {
  teamsAdmin: 'tara.teamsadmin@contoso.dev',
  ccaasAdmin: 'cam.ccaasadmin@contoso.dev',
  agent: 'avery.agent@contoso.dev',
  secondAgent: 'blake.agent@contoso.dev',
} as const;
