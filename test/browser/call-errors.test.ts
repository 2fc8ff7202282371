import { expect } from '@open-wc/testing';
import { callingError, endReasonText } from '../../src/calling/call-errors.js';

describe('what an agent is told about calling errors', () => {
  // Every code the issue names, as the SDK (code/subCode) or ACS (error code) reports it.
  const cases: Array<[{ code: number | string; subCode?: number }, string, RegExp]> = [
    [{ code: 403, subCode: 40229 }, 'wrong-agent-kind', /Teams token/],
    [{ code: 403, subCode: 40231 }, 'not-a-teams-token', /not for a Teams identity/],
    [{ code: 401, subCode: 44111 }, 'invalid-token', /could not be read/],
    [{ code: 401, subCode: 44113 }, 'token-without-calling', /voip/],
    [{ code: 401, subCode: 40235 }, 'token-expired', /expired/],
    [{ code: 400, subCode: 40008 }, 'agent-already-exists', /already has a call agent/],
    [{ code: 412, subCode: 46400 }, 'custom-context-not-allowed', /custom context/],
    [{ code: 403, subCode: 46401 }, 'call-not-allowed', /cannot be placed/],
    [{ code: 405, subCode: 46450 }, 'on-behalf-of-disabled', /turned off/],
    [{ code: 405, subCode: 46451 }, 'on-behalf-of-policy', /calling policy/],
    [{ code: 405, subCode: 46452 }, 'on-behalf-of-apps-disabled', /applications/],
    [{ code: 405, subCode: 46453 }, 'on-behalf-of-group-call', /single participant/],
    [{ code: 408, subCode: 10057 }, 'wrong-persona', /Teams persona/],
    [{ code: 403, subCode: 10105 }, 'bot-without-teams-channel', /Teams channel/],
    [{ code: 'UserLicenseNotPresentForbidden' }, 'no-teams-license', /Teams licence/],
  ];

  for (const [error, code, message] of cases) {
    it(`explains ${error.subCode ?? error.code} as ${code}, with a remedy`, () => {
      const mapped = callingError(Object.assign(new Error('sdk words'), error), 'go online');
      expect(mapped.code).to.equal(code);
      expect(mapped.message).to.match(message);
      expect(mapped.remedy).to.not.equal('');
      expect(mapped.source).to.equal('calling');
    });
  }

  it('explains a token that @azure/communication-common (before 2.5) could not decode as invalid-token', () => {
    const mapped = callingError(Object.assign(new Error('Invalid token specified: missing part #2'), { name: 'InvalidTokenError' }), 'go online');
    expect(mapped.code).to.equal('invalid-token');
    expect(mapped.message).to.match(/could not be read/);
  });

  it('says which action failed, with the codes, for an error it does not know', () => {
    const mapped = callingError(Object.assign(new Error('?'), { code: 500, subCode: 12345 }), 'hold the call');
    expect(mapped.message).to.equal('Could not hold the call (500/12345).');
  });

  it('turns end reasons into plain sentences', () => {
    expect(endReasonText({ code: 0, subCode: 0 })).to.equal('Call ended.');
    expect(endReasonText({ code: 603, subCode: 0 })).to.equal('Declined.');
    expect(endReasonText({ code: 487, subCode: 0 })).to.equal('The caller hung up before the call was answered.');
    expect(endReasonText({ code: 0, subCode: 10003 })).to.equal('Answered by another agent.');
    expect(endReasonText({ code: 0, subCode: 7015 })).to.equal('Transferred.');
    expect(endReasonText({ code: 408, subCode: 10057 })).to.contain('Teams persona');
    expect(endReasonText({ code: 490, subCode: 4525 })).to.equal('The call could not be connected (490/4525).');
  });
});
