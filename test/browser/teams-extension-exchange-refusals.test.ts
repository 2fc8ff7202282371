import { expect } from '@open-wc/testing';
import { exchangeTeamsExtensionToken } from '../../src/acs/teams-extension-exchange.js';
import type { TpeError } from '../../src/tpe-error.js';
import { busyFor, rejection } from './support/busy-service.js';

const ACS = 'https://contoso.unitedstates.communication.azure.com';

/** What the exchange makes of one ACS answer: the failure's code, words and values, as a screen shows them. */
async function refusalFor(status: number, body: unknown): Promise<Pick<TpeError, 'code' | 'message' | 'remedy' | 'values'>> {
  const acs = busyFor(
    (url) => url.origin === ACS && url.pathname === '/access/teamsExtension/:exchangeAccessToken',
    () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
  );
  try {
    const { code, message, remedy, values } = (await rejection(exchangeTeamsExtensionToken(ACS, 'entra-token'))) as TpeError;
    expect(acs.seen, 'the exchange reached the stubbed ACS').to.have.length(1);
    return { code, message, remedy, values };
  } finally {
    acs.restore();
  }
}

// ACS does not publish the codes of its consent refusals (the dev tenant's guesses: dev-tenant/src/acs/unpublished-codes.ts);
// the status and the error envelope are what is documented, so they decide, and a known code only says which consent.
describe('what the Teams extension exchange makes of ACS refusals', () => {
  it('takes a 403 in the ACS envelope with a code it does not know for access not granted, not for a broken sign-in', async () => {
    const failure = await refusalFor(403, { error: { code: 'TeamsExtensionAccessDenied', message: 'The user is not allowed.' } });
    expect(failure).to.deep.equal({
      code: 'no-assignment',
      message: 'Azure Communication Services did not give your account access to take calls here.',
      remedy: 'Ask your CCaaS administrator to check that you are granted agent access and that a resource account is linked.',
      values: { reason: 'access' },
    });
  });

  it('says which consent is missing when the code (or the inner error\'s) is one it knows', async () => {
    expect((await refusalFor(403, { error: { code: 'UserNotAssigned', message: '…' } })).code).to.equal('no-assignment');
    expect((await refusalFor(403, { error: { code: 'ClientNotAssigned', message: '…' } })).values).to.deep.equal({ reason: 'client' });
    expect((await refusalFor(403, { error: { code: 'Forbidden', message: '…', innererror: { code: 'NoResourceAccountLinked' } } })).code).to.equal('no-linked-resource-account');
    expect((await refusalFor(403, { error: { code: 'UserLicenseNotPresentForbidden', message: '…' } })).code).to.equal('no-teams-license');
  });

  it('does not read a consent refusal into another status, nor into a 403 without the ACS envelope', async () => {
    const badRequest = await refusalFor(400, { error: { code: 'UserNotAssigned', message: '…' } });
    expect(badRequest.code).to.equal('exchange-failed');
    expect(badRequest.values).to.deep.equal({ status: 400, code: 'UserNotAssigned' });
    expect((await refusalFor(401, { error: { code: 'InvalidAccessToken', message: '…' } })).code).to.equal('exchange-failed');
    expect((await refusalFor(403, { message: 'Forbidden by a gateway' })).code).to.equal('exchange-failed');
  });
});
