import { expect } from '@open-wc/testing';
import type { StrictCspReport } from './pages/csp/strict-csp.js';
import { provisionTenant } from './support/calling.js';
import { resetDevTenant } from './support/dev-tenant.js';

const PAGE = '/test/browser/pages/csp/strict-csp.html';

/** Opens the strict-CSP page in a same-origin frame and resolves with what it reports when it is done. */
function runPage(): Promise<StrictCspReport> {
  return new Promise((resolve) => {
    const frame = document.createElement('iframe');
    frame.className = 'strict-csp';
    const listen = (event: MessageEvent) => {
      // The message strict-csp.ts posts when it is done.
      if (event.source !== frame.contentWindow || event.data?.type !== 'strict-csp-report') return;
      window.removeEventListener('message', listen);
      resolve(event.data.report as StrictCspReport);
    };
    window.addEventListener('message', listen);
    frame.src = PAGE;
    document.body.append(frame);
  });
}

describe('both elements under a strict Content Security Policy with Trusted Types', () => {
  beforeEach(async () => {
    await resetDevTenant();
    await provisionTenant(['avery']);
  });

  afterEach(() => {
    document.querySelectorAll('iframe.strict-csp').forEach((frame) => frame.remove());
  });

  it('serves the page with the policy an agent desktop may send', async () => {
    const policy = (await fetch(PAGE)).headers.get('content-security-policy') ?? '';
    for (const directive of ["script-src 'self'", "style-src 'self'", "require-trusted-types-for 'script'", 'trusted-types lit-html']) {
      expect(policy.split(/;\s*/)).to.include(directive);
    }
    expect(policy).to.not.contain('unsafe-inline').and.not.contain('unsafe-eval');
  });

  it('signs in, shows the admin list and script, goes online and answers a call, and the policy refuses nothing', async function () {
    this.timeout(90_000);
    const report = await runPage();
    expect(report.error, report.error).to.equal(undefined);
    expect(report.reached).to.deep.equal([
      'admin signed out',
      'admin resource accounts',
      'admin provisioning script',
      'agent ready',
      'call agent online',
      'call agent ringing',
      'call agent in call',
      'call agent ready again',
    ]);
    expect(report.transitions).to.include.members(['tpe-consent: signed-out → signing-in', 'tpe-consent: signing-in → ready', 'tpe-call-agent: ready → in-call']);
    // The script keeps its line breaks on screen: the admin reads it line by line before running it.
    expect(report.scriptLineCount).to.be.greaterThan(5);
    expect(report.scriptWhiteSpace).to.equal('pre-wrap');
    expect(report.canaryCaught, 'the page hears what the policy refuses').to.equal(true);
    expect(report.violations).to.deep.equal([]);
  });
});
