import { expect } from '@open-wc/testing';
import { powerShellLiteral, UnsafePowerShellValueError } from '../../src/consent/powershell-literal.js';
import { provisioningScript } from '../../src/consent/provisioning-script.js';
import type { ResourceAccount } from '../../src/graph/resource-accounts.js';
import { expectScript, readSingleQuoted } from './support/powershell-reference.js';
import { provisioningScriptShape } from './support/provisioning-script-shape.js';

const IDS = { botAppId: '5ad5a4d4-2c36-4b3f-a8cd-1b7ac8f95e1a', acsResourceId: 'fdecc348-2af3-4004-9b5c-b1e399471fc5' };

const ACCOUNT: ResourceAccount = {
  id: '1fe59097-2104-4112-9d39-47822ead16b8',
  userPrincipalName: 'sales.line@contoso.dev',
  displayName: 'Contoso Sales Line',
  phoneNumber: '+14255550101',
  appId: IDS.botAppId,
  acsResourceId: null,
};

/** Names a directory could hold that would run something if pasted into PowerShell unquoted or half-quoted. */
const HOSTILE = [
  "x'; Start-Process calc.exe; '",
  '$(Get-Date)',
  '`$env:PATH',
  'a’b',
  "O’Brien's ‘line’ ‚x‛",
  "''",
  "'",
  '"; Start-Process calc.exe; "',
  '@(Start-Process calc.exe) # not a comment',
  '<+E.164 number>',
];

function refusal(run: () => unknown): UnsafePowerShellValueError {
  try {
    run();
  } catch (error) {
    if (error instanceof UnsafePowerShellValueError) return error;
    throw error;
  }
  throw new Error('the value was not refused');
}

describe('the administrator’s provisioning script', () => {
  it('reads literals as PowerShell does, typographic quotes included (a check on the reference reader)', () => {
    expect(readSingleQuoted("'it''s'", 0)).to.deep.equal({ value: "it's", end: 7 });
    expect(readSingleQuoted("'a’b'", 0)).to.deep.equal({ value: 'a', end: 3 });
    expect(readSingleQuoted("'a’’b'", 0).value).to.equal('a’b');
  });

  it('puts every value of an ordinary account in a literal, and nothing else on any line', () => {
    const script = provisioningScript(ACCOUNT, IDS);
    expectScript(script, provisioningScriptShape(ACCOUNT, IDS));
    expect(script).to.contain("Set-CsOnlineApplicationInstance -Identity 'sales.line@contoso.dev'");
  });

  for (const name of HOSTILE) {
    it(`keeps the display name ${JSON.stringify(name)} one literal that reads back as itself`, () => {
      const account = { ...ACCOUNT, displayName: name };
      expectScript(provisioningScript(account, IDS), provisioningScriptShape(account, IDS));
    });
  }

  for (const upn of ["o'brien.line@contoso.dev", 'o’brien$(calc)@contoso.dev', "x' -Force; Start-Process calc.exe; '@contoso.dev"]) {
    it(`keeps the user principal name ${JSON.stringify(upn)} one literal on every line that names it`, () => {
      const account = { ...ACCOUNT, userPrincipalName: upn };
      expectScript(provisioningScript(account, IDS), provisioningScriptShape(account, IDS));
    });
  }

  it('quotes the object id, the phone number and the configured ids too', () => {
    const account = { ...ACCOUNT, id: "1fe5'; Remove-Item -Recurse C:\\; '", phoneNumber: "+1425'$(calc)" };
    const ids = { botAppId: "bot' -Force '", acsResourceId: '`$(Get-Date)’' };
    expectScript(provisioningScript(account, ids), provisioningScriptShape(account, ids));
  });

  it('leaves the number line a comment, with an obvious placeholder, when the account has no number', () => {
    const account = { ...ACCOUNT, phoneNumber: '' };
    const script = provisioningScript(account, IDS);
    expectScript(script, provisioningScriptShape(account, IDS));
    const runnable = script.split('\n').filter((line) => !line.startsWith('#'));
    expect(runnable.some((line) => line.includes('Set-CsPhoneNumberAssignment'))).to.equal(false);
  });

  const CONTROL = { LF: '\n', CR: '\r', TAB: '\t', NUL: '\u0000', DEL: '\u007f', 'NEXT LINE': '\u0085', CSI: '\u009b', 'LINE SEPARATOR': '\u2028', 'PARAGRAPH SEPARATOR': '\u2029', 'RIGHT-TO-LEFT OVERRIDE': '\u202e' };
  for (const [what, char] of Object.entries(CONTROL)) {
    it(`refuses a display name with ${what}, naming the field`, () => {
      const error = refusal(() => provisioningScript({ ...ACCOUNT, displayName: `Support${char}Start-Process calc.exe # $(Get-Date)` }, IDS));
      expect(error.field).to.equal('display name');
      expect(error.message).to.contain('display name');
    });
  }

  it('names whichever field held the control character', () => {
    expect(refusal(() => provisioningScript({ ...ACCOUNT, userPrincipalName: 'sales\n@contoso.dev' }, IDS)).message).to.contain('user principal name');
    expect(refusal(() => provisioningScript({ ...ACCOUNT, id: 'id\r' }, IDS)).message).to.contain('object id');
    expect(refusal(() => provisioningScript({ ...ACCOUNT, phoneNumber: '+1\u2028' }, IDS)).message).to.contain('phone number');
    expect(refusal(() => provisioningScript(ACCOUNT, { ...IDS, botAppId: 'a\tb' })).message).to.contain('bot app id');
    expect(refusal(() => provisioningScript(ACCOUNT, { ...IDS, acsResourceId: '\u0085' })).message).to.contain('ACS resource id');
    expect(refusal(() => powerShellLiteral('x\u007f', 'licence')).message).to.contain('licence').and.contain('U+007F');
  });
});
