// Served under a strict CSP (support/strict-csp-plugin.mjs). Listens for what the policy refuses, runs
// the journeys, and tells the test in the parent window what was reached and what was refused. The
// journeys (and the elements with them) are imported here, after the listener, so that a policy which
// stops Lit or the elements from loading is reported too, not just a page that never answers.
// The test sets the tenant up before it opens this page.

export interface Violation {
  directive: string;
  blocked: string;
  sample: string;
  where: string;
}

export interface StrictCspReport {
  /** Each screen the page saw, in order, once it could see it. */
  reached: string[];
  /** `tpe-status-change` as `<tag>: previous → status`, in order. */
  transitions: string[];
  /** What the policy refused while the elements ran (the canary's own refusal left out). */
  violations: Violation[];
  /** The policy refused the deliberate inline style at the end, so it is enforced and heard here. */
  canaryCaught: boolean;
  /** How the provisioning script block lays out its lines under the policy. */
  scriptWhiteSpace: string;
  scriptLineCount: number;
  error?: string;
}

const STRICT_CSP_REPORT = 'strict-csp-report';

/** An element with an inline style, put on the page last: the policy must refuse it. */
const canary = document.createElement('div');
const report: StrictCspReport = { reached: [], transitions: [], violations: [], canaryCaught: false, scriptWhiteSpace: '', scriptLineCount: 0 };

// Fired at the element that broke the policy (composed, so it reaches here from a shadow root).
document.addEventListener('securitypolicyviolation', (event) => {
  const origin = event.composedPath()[0];
  if (origin === canary) {
    report.canaryCaught = true;
    return;
  }
  const element = origin instanceof Element ? `<${origin.localName}> ` : '';
  report.violations.push({ directive: event.effectiveDirective, blocked: event.blockedURI, sample: event.sample, where: `${element}${event.sourceFile}:${event.lineNumber}:${event.columnNumber}` });
});

document.addEventListener('tpe-status-change', (event) => {
  const { status, previous } = (event as CustomEvent<{ status: string; previous?: string }>).detail;
  report.transitions.push(`${(event.target as Element).localName}: ${previous ?? '(none)'} → ${status}`);
});

/**
 * Refusals are reported as tasks in the order they happen, so once the canary's has arrived every one
 * before it has too.
 */
async function flushViolations(): Promise<void> {
  document.body.append(canary);
  canary.setAttribute('style', 'outline: 1px solid red');
  for (let turns = 0; !report.canaryCaught && turns < 100; turns++) await new Promise((resolve) => setTimeout(resolve, 20));
  canary.remove();
}

try {
  const { adminJourney, agentJourney } = await import('./strict-csp-journeys.js');
  await adminJourney(report);
  await agentJourney(report);
} catch (error) {
  report.error = error instanceof Error ? `${error.message}\n${error.stack}` : String(error);
}
await flushViolations();
parent.postMessage({ type: STRICT_CSP_REPORT, report }, location.origin);
