import { html, nothing, type TemplateResult } from 'lit';
import type { ActiveCallInfo, IncomingCallInfo } from '../calling/call-agent-session.js';
import type { DeviceLists } from '../calling/call-agent-controller.js';
import type { DtmfTone } from '../calling/calling-sdk.js';
import { callerWords, formatPhoneNumber } from '../calling/format-phone-number.js';
import type { CallAgentStrings } from './tpe-call-agent.strings.js';

/*
 * The screens of an agent who is online: the ringing card, the in-call card, the dial form and the device
 * pickers. The element loads this module when it goes online, with the calling code, so that a page that
 * shows the phone offline does not pay for them on first load.
 */

export interface ResourceAccountOption {
  id: string;
  displayName: string;
  phoneNumber: string;
}

/** The in-call actions the panel's buttons run (the element's public methods). */
export interface CallActions {
  mute(): Promise<void>;
  unmute(): Promise<void>;
  hold(): Promise<void>;
  resume(): Promise<void>;
  sendDtmf(tone: DtmfTone): Promise<void>;
  transfer(target: string): Promise<void>;
  hangUp(options?: { forEveryone?: boolean }): Promise<void>;
}

interface InCallOptions {
  keypadOpen: boolean;
  transferOpen: boolean;
  toggleKeypad(): void;
  toggleTransfer(): void;
  /** The keyboard shortcuts are on: the hang-up button declares Alt+Shift+H. */
  shortcuts: boolean;
  /** The resource accounts, to name the line the call is on. */
  accounts: ResourceAccountOption[];
  /** A problem with one of the call's actions, shown in the card under its controls. */
  notice: TemplateResult | typeof nothing;
  run(action: (agent: CallActions) => Promise<void>): void;
}

interface RingingOptions {
  accounts: ResourceAccountOption[];
  shortcuts: boolean;
  /** A problem answering or declining, shown in the card under its buttons. */
  notice: TemplateResult | typeof nothing;
  accept(): void;
  decline(): void;
}

const KEYPAD: ReadonlyArray<readonly [label: string, tone: DtmfTone]> = [
  ['1', 'Num1'], ['2', 'Num2'], ['3', 'Num3'],
  ['4', 'Num4'], ['5', 'Num5'], ['6', 'Num6'],
  ['7', 'Num7'], ['8', 'Num8'], ['9', 'Num9'],
  ['*', 'Star'], ['0', 'Num0'], ['#', 'Pound'],
];
const TONE_LABELS: ReadonlyMap<DtmfTone, string> = new Map(KEYPAD.map(([label, tone]) => [tone, label]));

/** Who calls, in one phrase for the announcement: the name and the number grouped for reading, or "Unknown caller". */
export function callerText(who: { name?: string; number?: string }, t: CallAgentStrings): string {
  return callerWords(who.name, who.number, t.unknownCaller);
}

/** A number for the eye, with its E.164 kept for machines and for copying. */
function phoneNumber(number: string, part: string): TemplateResult {
  const e164 = number.replace(/^tel:/i, '');
  return html`<span part=${part} class="number" data-e164=${e164} title=${e164}>${formatPhoneNumber(e164)}</span>`;
}

/** The other party: the name as the title and the number under it; only the number, or "Unknown caller", when that is all. */
function party(who: { name?: string; number?: string }, t: CallAgentStrings): TemplateResult {
  const { name, number } = who;
  return html`<p part="caller" class="caller">${name || (number ? phoneNumber(number, 'caller-number') : t.unknownCaller)}</p>
    ${name && number ? html`<p class="caller-number">${phoneNumber(number, 'caller-number')}</p>` : nothing}`;
}

/** "Contoso Support (+1 425 555 0100)" for a known resource account, its bare id otherwise. */
function lineText(accounts: ResourceAccountOption[], id: string | undefined): string | undefined {
  const line = accounts.find((ra) => ra.id === id);
  return line ? `${line.displayName} (${formatPhoneNumber(line.phoneNumber)})` : id;
}

export function ringingCard(call: IncomingCallInfo, t: CallAgentStrings, o: RingingOptions): TemplateResult {
  const line = lineText(o.accounts, call.resourceAccountId);
  return html`<div part="incoming" class="incoming" role="alert">
    <p class="ring-label"><span class="ring-dot" aria-hidden="true"></span>${t.incomingTitle}</p>
    ${party({ name: call.callerName, number: call.callerNumber }, t)}
    ${line ? html`<p part="line" class="quiet">${t.incomingOn(line)}</p>` : nothing}
    ${call.transferredBy ? html`<p class="quiet">${t.transferredBy(call.transferredBy)}</p>` : nothing}
    <div class="actions">
      <button part="accept-button" class="accept" aria-keyshortcuts=${o.shortcuts ? 'Alt+Shift+A' : nothing} aria-describedby=${o.shortcuts ? 'shortcuts' : nothing} @click=${o.accept}>${t.accept}</button>
      <button part="decline-button" class="danger" aria-keyshortcuts=${o.shortcuts ? 'Alt+Shift+H' : nothing} @click=${o.decline}>${t.decline}</button>
    </div>
    ${o.notice}
  </div>`;
}

export function inCallPanel(call: ActiveCallInfo, t: CallAgentStrings, o: InCallOptions): TemplateResult {
  const held = call.state === 'LocalHold';
  const connected = call.state === 'Connected' || held;
  const seconds = call.connectedAt ? Math.max(0, Math.floor((Date.now() - call.connectedAt) / 1000)) : 0;
  const restricted = call.emergency;
  const line = lineText(o.accounts, call.resourceAccountId);
  return html`<div part="call" class="call">
    ${party({ name: call.remoteName, number: call.remoteNumber }, t)}
    ${line ? html`<p part="line" class="quiet">${t.callOn(line)}</p>` : nothing}
    <p><span part="call-state">${t.states[call.state] ?? call.state}</span>
      ${call.connectedAt ? html` · <span part="timer" role="timer" aria-label=${t.timer(seconds)}>${t.timer(seconds)}</span>` : nothing}</p>
    ${call.tones.length ? html`<p part="tones" class="quiet">${t.tonesSent(call.tones.map((tone) => TONE_LABELS.get(tone) ?? tone).join(' '))}</p>` : nothing}
    ${restricted ? html`<p part="emergency" class="remedy">${t.emergencyNotice}</p>` : nothing}
    <div part="controls" class="actions">
      <button part="mute-button" class="secondary" aria-pressed=${call.muted ? 'true' : 'false'} ?disabled=${!connected || restricted}
        @click=${() => o.run((a) => (call.muted ? a.unmute() : a.mute()))}>${call.muted ? t.unmute : t.mute}</button>
      <button part="hold-button" class="secondary" aria-pressed=${held ? 'true' : 'false'} ?disabled=${!connected || restricted}
        @click=${() => o.run((a) => (held ? a.resume() : a.hold()))}>${held ? t.resume : t.hold}</button>
      <button part="keypad-button" class="secondary" aria-expanded=${o.keypadOpen ? 'true' : 'false'} ?disabled=${!connected} @click=${o.toggleKeypad}>${t.keypad}</button>
      <button part="transfer-button" class="secondary" aria-expanded=${o.transferOpen ? 'true' : 'false'} ?disabled=${!connected || restricted} @click=${o.toggleTransfer}>${t.transfer}</button>
      <button part="hang-up-button" class="danger" aria-keyshortcuts=${o.shortcuts ? 'Alt+Shift+H' : nothing} aria-describedby=${o.shortcuts ? 'shortcuts' : nothing} @click=${() => o.run((a) => a.hangUp())}>${t.hangUp}</button>
      ${call.remoteParticipants > 1
        ? html`<button part="end-for-everyone-button" class="secondary" @click=${() => o.run((a) => a.hangUp({ forEveryone: true }))}>${t.endForEveryone}</button>`
        : nothing}
    </div>
    ${o.keypadOpen && connected
      ? html`<div part="keypad" class="keypad" role="group" aria-label=${t.keypadLabel}>
          ${KEYPAD.map(([label, tone]) => html`<button class="secondary" @click=${() => o.run((a) => a.sendDtmf(tone))}>${label}</button>`)}
        </div>`
      : nothing}
    ${o.transferOpen && connected && !restricted
      ? html`<form part="transfer-form" class="inline-form" @submit=${(e: SubmitEvent) => submitted(e, 'target', (target) => o.run((a) => a.transfer(target)))}>
          <label>${t.transferTo}<input name="target" autocomplete="off" required /></label>
          <button>${t.transferNow}</button>
        </form>`
      : nothing}
    ${o.notice}
  </div>`;
}

export function dialForm(
  t: CallAgentStrings,
  accounts: ResourceAccountOption[],
  chosen: string | undefined,
  invalid: boolean,
  dial: (number: string, resourceAccountId: string | undefined) => void,
  notice: TemplateResult | typeof nothing,
): TemplateResult {
  const onSubmit = (e: SubmitEvent) => {
    const form = e.target as HTMLFormElement;
    const ra = (form.elements.namedItem('resourceAccount') as HTMLSelectElement | null)?.value;
    submitted(e, 'number', (number) => dial(number, ra || chosen));
  };
  return html`<form part="dial-form" class="inline-form" @submit=${onSubmit}>
    <label>${t.number}
      <input part="number-input" name="number" type="tel" inputmode="tel" autocomplete="off" required placeholder="+14255550123"
        aria-invalid=${invalid ? 'true' : 'false'} aria-describedby=${invalid ? 'notice' : nothing} /></label>
    ${accounts.length > 1
      ? html`<label>${t.onBehalfOf}
          <select name="resourceAccount">
            ${accounts.map((ra) => html`<option value=${ra.id} ?selected=${ra.id === chosen}>${lineText(accounts, ra.id)}</option>`)}
          </select></label>`
      : nothing}
    <button part="dial-button">${t.call}</button>
  </form>
  ${notice}`;
}

export function devicePicker(devices: DeviceLists, t: CallAgentStrings, select: (kind: 'microphone' | 'speaker', id: string) => void, notice: TemplateResult | typeof nothing): TemplateResult {
  return html`<details part="devices" class="devices">
    <summary>${t.devicesTitle}</summary>
    <label>${t.microphone}
      <select @change=${(e: Event) => select('microphone', (e.target as HTMLSelectElement).value)}>
        ${devices.microphones.map((d) => html`<option value=${d.id} ?selected=${d.id === devices.microphone}>${d.name}</option>`)}
      </select></label>
    <label>${t.speaker}
      ${devices.speakerSelection && devices.speakers.length
        ? html`<select @change=${(e: Event) => select('speaker', (e.target as HTMLSelectElement).value)}>
            ${devices.speakers.map((d) => html`<option value=${d.id} ?selected=${d.id === devices.speaker}>${d.name}</option>`)}
          </select>`
        : html`<span class="quiet">${t.systemSpeaker}</span>`}</label>
  </details>
  ${notice}`;
}

function submitted(event: SubmitEvent, field: string, then: (value: string) => void): void {
  event.preventDefault();
  const input = (event.target as HTMLFormElement).elements.namedItem(field) as HTMLInputElement;
  then(input.value);
}
