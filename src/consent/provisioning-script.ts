import type { ResourceAccount } from '../graph/resource-accounts.js';

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
 * resource account to the CCaaS bot and this ACS resource, with the real ids filled in.
 */
export function provisioningScript(account: ResourceAccount, ids: { botAppId: string; acsResourceId: string }): string {
  const upn = account.userPrincipalName;
  const number = account.phoneNumber || '<+E.164 number>';
  return [
    'Connect-MicrosoftTeams',
    `# Only if the resource account does not exist yet:`,
    `# New-CsOnlineApplicationInstance -UserPrincipalName ${upn} -ApplicationId ${ids.botAppId} -DisplayName "${account.displayName.replace(/"/g, '`"')}"`,
    `Set-CsOnlineApplicationInstance -Identity ${upn} -ApplicationId ${ids.botAppId} -AcsResourceId ${ids.acsResourceId}`,
    `Sync-CsOnlineApplicationInstance -ObjectId ${account.id} -ApplicationId ${ids.botAppId}`,
    `# The "Microsoft Teams Phone Resource Account" licence and a phone number, if not assigned yet:`,
    `Connect-MgGraph -Scopes User.ReadWrite.All, Organization.Read.All`,
    `Update-MgUser -UserId ${upn} -UsageLocation US`,
    `Set-MgUserLicense -UserId ${upn} -AddLicenses @{SkuId = '${RESOURCE_ACCOUNT_LICENCE_SKU}'} -RemoveLicenses @()`,
    `Set-CsPhoneNumberAssignment -Identity ${upn} -PhoneNumber ${number} -PhoneNumberType CallingPlan`,
  ].join('\n');
}
