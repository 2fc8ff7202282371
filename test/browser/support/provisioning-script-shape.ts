import type { ResourceAccount } from '../../../src/graph/resource-accounts.js';
import { literal, type LinePart } from './powershell-reference.js';

const SKU = "'440eaaa8-b3e0-484b-a8be-62870b9ba70a'";

/**
 * Every line the administrator's fix script may have, for this account and these ids: the cmdlets and
 * comments as written, each directory or configuration value as one single-quoted literal.
 */
export function provisioningScriptShape(account: Pick<ResourceAccount, 'id' | 'userPrincipalName' | 'displayName' | 'phoneNumber'>, ids: { botAppId: string; acsResourceId: string }): LinePart[][] {
  const upn = literal(account.userPrincipalName);
  const bot = literal(ids.botAppId);
  const numberLine = (number: LinePart): LinePart[] => ['Set-CsPhoneNumberAssignment -Identity ', upn, ' -PhoneNumber ', number, ' -PhoneNumberType CallingPlan'];
  return [
    ['Connect-MicrosoftTeams'],
    ['# Only if the resource account does not exist yet:'],
    ['# New-CsOnlineApplicationInstance -UserPrincipalName ', upn, ' -ApplicationId ', bot, ' -DisplayName ', literal(account.displayName)],
    ['Set-CsOnlineApplicationInstance -Identity ', upn, ' -ApplicationId ', bot, ' -AcsResourceId ', literal(ids.acsResourceId)],
    ['Sync-CsOnlineApplicationInstance -ObjectId ', literal(account.id), ' -ApplicationId ', bot],
    ['# The "Microsoft Teams Phone Resource Account" licence and a phone number, if not assigned yet:'],
    ['Connect-MgGraph -Scopes User.ReadWrite.All, Organization.Read.All'],
    ['Update-MgUser -UserId ', upn, ' -UsageLocation US'],
    ['Set-MgUserLicense -UserId ', upn, ` -AddLicenses @{SkuId = ${SKU}} -RemoveLicenses @()`],
    ...(account.phoneNumber
      ? [numberLine(literal(account.phoneNumber))]
      : [['# No phone number yet: write it in place of <+E.164 number> (e.g. +14255550100), then run the line without its #:'], ['# ', ...numberLine(literal('<+E.164 number>'))]]),
  ];
}
