import type { ResourceAccount } from '../graph/resource-accounts.js';
import { powerShellLiteral } from './powershell-literal.js';

/** Why a resource account cannot take calls for this contact center yet, if it cannot. */
export type ResourceAccountProblem = 'no-acs-resource' | 'other-acs-resource' | 'not-linked';

export function resourceAccountProblem(account: ResourceAccount, acsResourceId: string, linked: boolean): ResourceAccountProblem | undefined {
  if (!account.acsResourceId) return 'no-acs-resource';
  if (account.acsResourceId.toLowerCase() !== acsResourceId.toLowerCase()) return 'other-acs-resource';
  return linked ? undefined : 'not-linked';
}

/** The SKU of the "Microsoft Teams Phone Resource Account" licence. */
export const RESOURCE_ACCOUNT_LICENCE_SKU = '440eaaa8-b3e0-484b-a8be-62870b9ba70a';

/**
 * The Teams admin's PowerShell (module MicrosoftTeams, plus Microsoft.Graph for the licence) that binds a
 * resource account to the CCaaS bot and this ACS resource, with the real ids filled in. Every value comes
 * from the directory or from configuration, so every one goes in as a single-quoted literal: a display
 * name must never become a command in a script an administrator runs.
 *
 * @throws UnsafePowerShellValueError when a value holds a line break or another control character
 */
export function provisioningScript(account: ResourceAccount, ids: { botAppId: string; acsResourceId: string }): string {
  const upn = powerShellLiteral(account.userPrincipalName, 'user principal name');
  const displayName = powerShellLiteral(account.displayName, 'display name');
  const objectId = powerShellLiteral(account.id, 'object id');
  const botAppId = powerShellLiteral(ids.botAppId, 'bot app id');
  const acsResourceId = powerShellLiteral(ids.acsResourceId, 'ACS resource id');
  const assignNumber = (number: string) => `Set-CsPhoneNumberAssignment -Identity ${upn} -PhoneNumber ${number} -PhoneNumberType CallingPlan`;
  // Without a number the line stays a comment: pasted as it is, it must do nothing rather than something wrong.
  const numberLines = account.phoneNumber
    ? [assignNumber(powerShellLiteral(account.phoneNumber, 'phone number'))]
    : ['# No phone number yet: write it in place of <+E.164 number> (e.g. +14255550100), then run the line without its #:', `# ${assignNumber("'<+E.164 number>'")}`];
  return [
    'Connect-MicrosoftTeams',
    '# Only if the resource account does not exist yet:',
    `# New-CsOnlineApplicationInstance -UserPrincipalName ${upn} -ApplicationId ${botAppId} -DisplayName ${displayName}`,
    `Set-CsOnlineApplicationInstance -Identity ${upn} -ApplicationId ${botAppId} -AcsResourceId ${acsResourceId}`,
    `Sync-CsOnlineApplicationInstance -ObjectId ${objectId} -ApplicationId ${botAppId}`,
    '# The "Microsoft Teams Phone Resource Account" licence and a phone number, if not assigned yet:',
    'Connect-MgGraph -Scopes User.ReadWrite.All, Organization.Read.All',
    `Update-MgUser -UserId ${upn} -UsageLocation US`,
    `Set-MgUserLicense -UserId ${upn} -AddLicenses @{SkuId = '${RESOURCE_ACCOUNT_LICENCE_SKU}'} -RemoveLicenses @()`,
    ...numberLines,
  ].join('\n');
}
