import { expect } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { mountDesk, provisionTenant, removeDesks, type Desk } from './support/calling.js';
import { part, until } from './support/consent.js';
import { resetDevTenant } from './support/dev-tenant.js';

/**
 * What an agent sees of each element's theme with no `--tpe-*` property set: the colours, sizes and radii the
 * public defaults promise, in the light and the dark scheme. A page that themes nothing must see exactly these.
 */

type Look = Record<string, string>;

/** The computed values a person sees, read from the element's own shadow tree. */
function look(el: Element, props: string[]): Look {
  const style = getComputedStyle(el);
  return Object.fromEntries(props.map((p) => [p, style.getPropertyValue(p)]));
}

/**
 * Parts the elements show only in states a desk does not reach without a call or a failure (a remedy, a
 * problem, the ringing card, a pressed toggle); added into the frame so that the element's own stylesheet
 * styles them exactly as it styles the real ones.
 */
function probe(host: HTMLElement, markup: string): HTMLElement {
  const holder = document.createElement('div');
  holder.className = 'look-probe';
  holder.innerHTML = markup;
  part(host, 'base')!.append(holder);
  return holder;
}

const COLORS = ['color', 'background-color', 'border-top-color'];

function sharedLook(host: HTMLElement, primary: HTMLElement, secondary: HTMLElement): Record<string, Look> {
  const probes = probe(host, '<p class="remedy">r</p><p class="problem">p</p><h3>h</h3><div class="copyable"><code>c</code></div>');
  const q = (selector: string) => probes.querySelector(selector)!;
  return {
    host: look(host, ['color', 'font-family', 'font-size']),
    frame: look(part(host, 'base')!, [...COLORS, 'border-top-width', 'border-top-left-radius', 'padding-top']),
    title: look(part(host, 'status')!, ['font-size']),
    primary: look(primary, [...COLORS, 'border-top-left-radius']),
    secondary: look(secondary, [...COLORS, 'border-top-left-radius']),
    remedy: look(q('.remedy'), ['color']),
    problem: look(q('.problem'), ['color']),
    subtitle: look(q('h3'), ['font-size']),
    mono: look(q('code'), ['font-family', 'font-size']),
  };
}

function callAgentLook(agent: HTMLElement): Record<string, Look> {
  const probes = probe(
    agent,
    `<p class="quiet">q</p>
     <div class="incoming"><span class="ring-dot"></span><button class="accept">a</button></div>
     <button class="danger">d</button>
     <button class="secondary" aria-pressed="true">m</button>
     <div class="notice">n</div>
     <input aria-invalid="true">`,
  );
  const q = (selector: string) => probes.querySelector(selector)!;
  return {
    quiet: look(q('.quiet'), ['color']),
    incoming: look(q('.incoming'), ['background-color', 'border-top-color', 'border-top-left-radius']),
    ringDot: look(q('.ring-dot'), ['background-color']),
    accept: look(q('button.accept'), COLORS),
    danger: look(q('button.danger'), COLORS),
    pressed: look(q('button[aria-pressed="true"]'), COLORS),
    notice: look(q('.notice'), ['border-left-color']),
    invalid: look(q('input[aria-invalid="true"]'), ['outline-color']),
  };
}

async function desk(): Promise<Desk> {
  const mounted = await mountDesk('avery');
  await until(() => Boolean(part(mounted.agent, 'online-button')) && Boolean(part(mounted.consent, 'sign-out-button')), 'both cards to offer their buttons');
  return mounted;
}

function bothLooks({ consent, agent }: Desk): { consent: Record<string, Look>; callAgent: Record<string, Look> } {
  return {
    consent: sharedLook(consent, probeButton(consent, ''), part(consent, 'sign-out-button')!),
    callAgent: { ...sharedLook(agent, part(agent, 'online-button')!, probeButton(agent, 'secondary')), ...callAgentLook(agent) },
  };
}

/** A button of the given class in the element's frame (the ready consent card has no primary button). */
function probeButton(host: HTMLElement, className: string): HTMLElement {
  return probe(host, `<button class="${className}">b</button>`).querySelector('button')!;
}

const mix = (rgb: string, alpha: number) => `color(srgb ${rgb} / ${alpha})`;
const BLACK = '0 0 0';
const WHITE = '1 1 1';

/** The shared look both elements promise, in one scheme. */
function shared(scheme: { text: string; textRgb: string; surface: string; primary: string; onPrimary: string; link: string; problem: string }): Record<string, Look> {
  return {
    frame: {
      color: scheme.text,
      'background-color': scheme.surface,
      'border-top-color': mix(scheme.textRgb, 0.25),
      'border-top-width': '1px',
      'border-top-left-radius': '9.6px',
      'padding-top': '16px',
    },
    title: { 'font-size': '16.8px' },
    primary: { color: scheme.onPrimary, 'background-color': scheme.primary, 'border-top-color': scheme.primary, 'border-top-left-radius': '6.4px' },
    secondary: { color: scheme.link, 'background-color': 'rgba(0, 0, 0, 0)', 'border-top-color': scheme.primary, 'border-top-left-radius': '6.4px' },
    remedy: { color: mix(scheme.textRgb, 0.75) },
    problem: { color: scheme.problem },
    subtitle: { 'font-size': '16px' },
    mono: { 'font-family': 'ui-monospace, monospace', 'font-size': '13.6px' },
  };
}

const LIGHT = shared({ text: 'rgb(0, 0, 0)', textRgb: BLACK, surface: 'rgb(255, 255, 255)', primary: 'rgb(15, 108, 189)', onPrimary: 'rgb(255, 255, 255)', link: 'rgb(0, 0, 238)', problem: 'rgb(179, 38, 30)' });
const DARK = shared({ text: 'rgb(255, 255, 255)', textRgb: WHITE, surface: 'rgb(18, 18, 18)', primary: 'rgb(71, 158, 245)', onPrimary: 'rgb(10, 10, 10)', link: 'rgb(158, 158, 255)', problem: 'rgb(255, 180, 171)' });

/** `<tpe-call-agent>`'s own parts, in one scheme; the light tints of the ringing card and a pressed toggle stay in the dark. */
function callAgent(scheme: { textRgb: string; ringing: string; onRinging: string; link: string; primary: string }): Record<string, Look> {
  const danger = 'rgb(179, 38, 30)';
  return {
    quiet: { color: mix(scheme.textRgb, 0.75) },
    incoming: { 'background-color': mix('0.054902 0.478431 0.0509804', 0.1), 'border-top-color': scheme.ringing, 'border-top-left-radius': '9.6px' },
    ringDot: { 'background-color': scheme.ringing },
    accept: { color: scheme.onRinging, 'background-color': scheme.ringing, 'border-top-color': scheme.ringing },
    danger: { color: 'rgb(255, 255, 255)', 'background-color': danger, 'border-top-color': danger },
    pressed: { color: scheme.link, 'background-color': mix('0.0588235 0.423529 0.741176', 0.2), 'border-top-color': scheme.primary },
    notice: { 'border-left-color': danger },
    invalid: { 'outline-color': danger },
  };
}

/** Everything both elements show in one scheme; the host's font is the page's own. */
function expected(scheme: Record<string, Look>, own: Record<string, Look>, text: string): { consent: Record<string, Look>; callAgent: Record<string, Look> } {
  const host = { color: text, 'font-family': getComputedStyle(document.body).fontFamily, 'font-size': getComputedStyle(document.body).fontSize };
  return { consent: { host, ...scheme }, callAgent: { host, ...scheme, ...own } };
}

describe('the look of both elements', () => {
  beforeEach(async () => {
    await resetDevTenant();
    await provisionTenant(['avery']);
  });

  afterEach(async () => {
    removeDesks();
    await emulateMedia({ colorScheme: 'light' });
  });

  it('is the look the public defaults promise, in the light and the dark scheme when the page sets no --tpe-* property', async () => {
    const mounted = await desk();
    await emulateMedia({ colorScheme: 'light' });
    expect(bothLooks(mounted)).to.deep.equal(
      expected(LIGHT, callAgent({ textRgb: BLACK, ringing: 'rgb(14, 122, 13)', onRinging: 'rgb(255, 255, 255)', link: 'rgb(0, 0, 238)', primary: 'rgb(15, 108, 189)' }), 'rgb(0, 0, 0)'),
    );
    await emulateMedia({ colorScheme: 'dark' });
    expect(bothLooks(mounted)).to.deep.equal(
      expected(DARK, callAgent({ textRgb: WHITE, ringing: 'rgb(63, 185, 80)', onRinging: 'rgb(10, 10, 10)', link: 'rgb(158, 158, 255)', primary: 'rgb(71, 158, 245)' }), 'rgb(255, 255, 255)'),
    );
  });

  it('takes --tpe-color-primary from the element or from any ancestor, in both schemes', async () => {
    const mounted = await desk();
    const primaryBackground = () => getComputedStyle(part(mounted.agent, 'online-button')!).backgroundColor;
    mounted.agent.style.setProperty('--tpe-color-primary', 'rgb(1, 2, 3)');
    expect(primaryBackground()).to.equal('rgb(1, 2, 3)');
    await emulateMedia({ colorScheme: 'dark' });
    expect(primaryBackground()).to.equal('rgb(1, 2, 3)');

    mounted.agent.style.removeProperty('--tpe-color-primary');
    document.documentElement.style.setProperty('--tpe-color-primary', 'rgb(4, 5, 6)');
    try {
      expect(primaryBackground()).to.equal('rgb(4, 5, 6)');
      expect(getComputedStyle(part(mounted.consent, 'sign-out-button')!).borderTopColor).to.equal('rgb(4, 5, 6)');
    } finally {
      document.documentElement.style.removeProperty('--tpe-color-primary');
    }
    expect(primaryBackground()).to.equal('rgb(71, 158, 245)');
  });

  it('reads each --tpe-* property only where a private token is declared, so a fallback is written once', async () => {
    const { consent, agent } = await desk();
    for (const el of [consent, agent]) {
      const readers = publicReads(el.shadowRoot!.adoptedStyleSheets);
      expect(readers.length, `${el.localName} reads its public properties`).to.be.greaterThan(10);
      expect(readers.filter((property) => !property.startsWith('--_')), el.localName).to.deep.equal([]);
    }
  });
});

/**
 * Every property, in every rule (media rules included), whose value reads a public `--tpe-*` property. Read from
 * the rule's text: a shorthand such as `border` that reads one keeps it there, not in its longhands.
 */
function publicReads(sheets: readonly CSSStyleSheet[]): string[] {
  const fromRules = (rules: CSSRuleList): string[] =>
    [...rules].flatMap((rule) => {
      if (rule instanceof CSSGroupingRule) return fromRules(rule.cssRules);
      if (!(rule instanceof CSSStyleRule)) return [];
      return rule.style.cssText
        .split(/;\s*/)
        .filter((declaration) => declaration.includes('var(--tpe-'))
        .map((declaration) => declaration.slice(0, declaration.indexOf(':')).trim());
    });
  return sheets.flatMap((sheet) => fromRules(sheet.cssRules));
}
