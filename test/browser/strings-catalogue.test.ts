import { expect } from '@open-wc/testing';
import { callAgentStrings } from '../../src/elements/tpe-call-agent.strings.js';
import { callAgentStringsDe } from '../../src/elements/tpe-call-agent.strings.de.js';
import { consentStrings } from '../../src/elements/tpe-consent.strings.js';
import { consentStringsDe } from '../../src/elements/tpe-consent.strings.de.js';
import { sayError } from '../../src/messages/error-words.js';
import { errorsDe } from '../../src/messages/errors.de.js';
import { errorsEn } from '../../src/messages/errors.en.js';
import { busyAnswer, busyFor, UPSTREAM_UNAVAILABLE, type BusyService } from './support/busy-service.js';
import { eventsOf, mountDesk, provisionTenant, removeDesks } from './support/calling.js';
import { click, mountConsent, part, until, waitForStatus } from './support/consent.js';
import { resetDevTenant, signInAs, UPN } from './support/dev-tenant.js';

// What a person sees in German must all come from the German tables (or be data: names, numbers). The check:
// no English sentence of the default tables or the error catalogue appears anywhere in the element's shadow DOM.

/** Stands for a value in a sentence: the English around it is what must not show. */
const VALUE = '\u0000';
type AnyFunction = (...args: unknown[]) => string;

/** Values for a label's function: a name, a count, a time. */
const LABEL_SAMPLES: unknown[][] = [[VALUE, VALUE], [1], [2], [2, VALUE, new Date(0)], [new Date(0)]];
/** Values for a failure's sentences, in every combination that picks a different sentence. */
const ERROR_SAMPLES: unknown[][] = [undefined, 'client', 'refused', 'incomplete', 'no-agent', 'teams-needs-proxy'].flatMap((reason) =>
  [undefined, 'msal', 'proxy', 'acs', 'graph'].flatMap((source) =>
    [undefined, 1, 20, 300].map((retryAfterSeconds) => [
      { reason, appId: VALUE, input: VALUE, command: VALUE, missing: VALUE, codes: VALUE, action: 'go online', status: 500, code: VALUE },
      { source, retryAfterSeconds },
    ]),
  ),
);

/** Every sentence an entry (a string, a function, or a table of them) says for the samples. */
function sentencesOf(entry: unknown, samples: unknown[][]): string[] {
  if (typeof entry === 'string') return [entry];
  if (typeof entry !== 'function') return Object.values(entry as object).flatMap((inner) => sentencesOf(inner, samples));
  return samples.flatMap((args) => {
    try {
      return [(entry as AnyFunction)(...args)];
    } catch {
      return []; // A sample that does not fit this function (a name where it takes a time).
    }
  });
}

/** Words German borrows as they are; any other sentence the German tables share with the English is English left over. */
const SAME_IN_GERMAN = new Set(['Offline', 'Name', 'Status']);

/** Every English phrase (the words between values) that the German tables do not say the same. */
function englishPhrases(): string[] {
  const phrases = new Set<string>();
  const compare = (en: Record<string, unknown>, de: Record<string, unknown>) => {
    for (const key of Object.keys(en)) {
      const samples = key === 'errors' ? ERROR_SAMPLES : LABEL_SAMPLES;
      const german = new Set(sentencesOf(de[key], samples));
      for (const sentence of sentencesOf(en[key], samples)) {
        if (german.has(sentence) && (SAME_IN_GERMAN.has(sentence) || !/[a-z]/i.test(sentence))) continue;
        for (const phrase of sentence.split(VALUE)) if (phrase.trim().length >= 4) phrases.add(phrase.trim());
      }
    }
  };
  compare({ ...consentStrings, errors: errorsEn }, consentStringsDe);
  compare({ ...callAgentStrings, errors: errorsEn }, callAgentStringsDe);
  return [...phrases];
}

/** What a person reads (text) or hears (labels) in an element's shadow DOM. */
function shown(el: HTMLElement): string[] {
  const root = el.shadowRoot!;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const texts: string[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) if (node.textContent!.trim()) texts.push(node.textContent!.trim());
  for (const labelled of root.querySelectorAll('[aria-label], [title], [placeholder]')) {
    for (const name of ['aria-label', 'title', 'placeholder']) if (labelled.getAttribute(name)) texts.push(labelled.getAttribute(name)!);
  }
  return texts;
}

function expectNoEnglish(el: HTMLElement): void {
  const english = englishPhrases();
  for (const text of shown(el)) {
    const found = english.filter((phrase) => (phrase.includes(' ') ? text.includes(phrase) : text === phrase));
    expect(found, `"${text}" in <${el.localName}> is English`).to.deep.equal([]);
  }
}

const keysOf = (table: object) => Object.keys(table).sort();

describe('the German tables', () => {
  it('have every label of the English tables, and no other', () => {
    expect(keysOf(consentStringsDe)).to.deep.equal(keysOf(consentStrings));
    expect(keysOf(consentStringsDe.problem)).to.deep.equal(keysOf(consentStrings.problem));
    expect(keysOf(callAgentStringsDe)).to.deep.equal(keysOf(callAgentStrings));
    expect(keysOf(callAgentStringsDe.states)).to.deep.equal(keysOf(callAgentStrings.states));
  });

  it('say every failure code of the catalogue, and no other, in words of their own', () => {
    expect(keysOf(errorsDe)).to.deep.equal(keysOf(errorsEn));
    for (const code of keysOf(errorsEn) as Array<keyof typeof errorsEn>) {
      const failure = { code, message: '', remedy: '', source: 'proxy', retryAfterSeconds: 20 };
      const [en, de] = [sayError(errorsEn, failure), sayError(errorsDe, failure)];
      expect(de.message, code).to.not.equal(en.message);
      expect(Boolean(de.remedy), `${code} has a remedy in German as in English`).to.equal(Boolean(en.remedy));
    }
  });

  it("keep a failure's own words for a code they do not know (a page's own auth provider's)", () => {
    const failure = { code: 'acme-sso-locked', message: 'Your Acme account is locked.', remedy: 'Call Acme.', source: 'msal' };
    expect(sayError(errorsDe, failure)).to.deep.include({ message: 'Your Acme account is locked.', remedy: 'Call Acme.' });
  });
});

describe('the elements in German', () => {
  let service: BusyService | undefined;

  beforeEach(() => resetDevTenant());

  afterEach(() => {
    service?.restore();
    service = undefined;
    document.querySelectorAll('tpe-consent').forEach((el) => el.parentElement!.remove());
    removeDesks();
  });

  it('<tpe-consent> says signed out, a missing grant and an unreachable proxy in German; its events keep the code and the English', async () => {
    const { el } = await mountConsent();
    el.strings = consentStringsDe;
    await el.updateComplete;
    expect(part(el, 'status')!.textContent).to.equal('Melden Sie sich an, um Anrufe anzunehmen');
    expectNoEnglish(el);

    click(el, 'sign-in-button');
    await signInAs({ upn: UPN.agent });
    await waitForStatus(el, 'needs-assignment');
    expect(part(el, 'remedy')!.textContent).to.equal('Bitten Sie Ihren CCaaS-Administrator, Ihnen Agentenzugriff zu gewähren.');
    expectNoEnglish(el);

    const unreachable = await mountConsent({ proxyUrl: 'http://127.0.0.1:9' });
    unreachable.el.strings = consentStringsDe;
    await waitForStatus(unreachable.el, 'error');
    await unreachable.el.updateComplete;
    expect(part(unreachable.el, 'message')!.textContent).to.equal('Der Tokenproxy ist nicht erreichbar.');
    expectNoEnglish(unreachable.el);
    expect(unreachable.events.find((e) => e.type === 'tpe-error')!.detail).to.deep.include({ code: 'network', message: 'The token proxy could not be reached.' });
  });

  it('<tpe-call-agent> says offline, ready and a refused number in German, and its consent card beside it too', async () => {
    await provisionTenant(['avery']);
    const { consent, agent, events } = await mountDesk('avery');
    consent.strings = consentStringsDe;
    agent.strings = callAgentStringsDe;
    await Promise.all([consent.updateComplete, agent.updateComplete]);
    expect(part(agent, 'online-button')!.textContent!.trim()).to.equal('Online gehen');
    expectNoEnglish(agent);
    expectNoEnglish(consent);

    await agent.goOnline();
    await until(() => agent.status === 'ready', 'the phone to be ready');
    const input = part(agent, 'number-input') as HTMLInputElement;
    input.value = '555-CALL-ME';
    (part(agent, 'dial-form') as HTMLFormElement).requestSubmit();
    await until(() => Boolean(part(agent, 'notice')), 'the notice');
    expect(part(agent, 'notice')!.textContent).to.contain('„555-CALL-ME“ ist keine Telefonnummer, die gewählt werden kann.');
    expectNoEnglish(agent);
    expect(eventsOf(events, 'tpe-error')[0]).to.deep.include({ code: 'invalid-number', message: '“555-CALL-ME” is not a phone number that can be dialed.' });
  });

  it('<tpe-call-agent> says a busy service in German, with the wait the service asked for', async () => {
    await provisionTenant(['avery']);
    const { agent, events } = await mountDesk('avery', { persona: 'teams' });
    agent.strings = callAgentStringsDe;
    service = busyFor((url) => url.pathname === '/api/token/teams-user', busyAnswer(503, '20', UPSTREAM_UNAVAILABLE));
    await agent.goOnline();
    await agent.updateComplete;
    expect(agent.status).to.equal('error');
    expect([part(agent, 'status'), part(agent, 'message'), part(agent, 'remedy')].map((p) => p!.textContent)).to.deep.equal([
      'Der Dienst ist ausgelastet',
      'Der Dienst ist gerade ausgelastet.',
      'Versuchen Sie es in 20 Sekunden erneut.',
    ]);
    expectNoEnglish(agent);
    expect(eventsOf(events, 'tpe-error')[0]).to.deep.include({ code: 'service-busy', message: 'The service is busy right now.', remedy: 'Try again in 20 seconds.' });
  });
});
