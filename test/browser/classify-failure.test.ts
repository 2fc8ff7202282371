import { expect } from '@open-wc/testing';
import { BrowserAuthError, BrowserAuthErrorCodes, InteractionRequiredAuthError, InteractionRequiredAuthErrorCodes } from '@azure/msal-browser';
import { classifyFailure } from '../../src/auth/classify-failure.js';

// classifyFailure reads MSAL's errors by their documented shape, without importing MSAL (which a page with
// its own authProvider never loads): these are MSAL's real error classes, and a page provider's look-alikes.
describe('what a person is told when sign-in fails', () => {
  it("asks for the person's permission when MSAL says interaction is required, whatever the code", () => {
    for (const code of [InteractionRequiredAuthErrorCodes.loginRequired, InteractionRequiredAuthErrorCodes.noTokensFound, 'a_code_from_a_later_msal']) {
      const { status, detail } = classifyFailure(new InteractionRequiredAuthError(code, 'correlation-id', 'Sign in again.'), { interactive: false });
      expect(status, code).to.equal('needs-consent');
      expect(detail.code, code).to.equal('consent-required');
    }
  });

  it("understands a page provider's errors in MSAL's shape", () => {
    const error = Object.assign(new Error('AADSTS50058: silent sign-in failed.'), { errorCode: 'login_required' });
    expect(classifyFailure(error, { interactive: false }).status).to.equal('needs-consent');
  });

  it("says the browser blocked the sign-in window, from MSAL's error code", () => {
    const { status, detail } = classifyFailure(new BrowserAuthError(BrowserAuthErrorCodes.popupWindowError, 'correlation-id'), { interactive: true });
    expect(status).to.equal('error');
    expect(detail.code).to.equal('popup-blocked');
  });
});
