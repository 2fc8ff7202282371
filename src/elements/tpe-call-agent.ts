import { html, isServer, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CallAgentController, type AgentIdentitySource } from '../calling/call-agent-controller.js';
import { CallShortcutsController } from '../calling/call-shortcuts.js';
import type { CallAgentStatus } from '../calling/call-agent-events.js';
import type { AcsTokenSource } from '../calling/call-agent-session.js';
import type { CallingSdk, DtmfTone } from '../calling/calling-sdk.js';
import type { RetryScheduler } from '../consent/busy-retry.js';
import type { RingToneOption } from '../calling/ringer.js';
import { SERVICE_BUSY } from '../service-busy.js';
import { callAgentStyles } from './call-agent.styles.js';
import type { ResourceAccountOption } from './call-agent-views.js';
import { callerWords } from '../calling/format-phone-number.js';
import { TpeElement } from './tpe-element.js';
import { sayError } from '../messages/error-words.js';
import { callAgentStrings, type CallAgentStrings } from './tpe-call-agent.strings.js';


type OnlineViews = typeof import('./call-agent-views.js');
/** Which control a notice concerns, so that it shows beside it: the call card, the ringing card, the dial form, the devices. */
type NoticePlace = 'call' | 'ring' | 'dial' | 'devices';

/**
 * The agent's phone: goes online for the Teams resource accounts the agent serves, rings on incoming PSTN
 * calls, places calls on behalf of a resource account, and handles the call (mute, hold, keypad, transfer,
 * hang up). It takes the agent's identity from a `<tpe-consent>` (`for="<its id>"`).
 *
 * Focus follows the call for an agent on the keyboard: the first control of each new state (Answer while it
 * rings, Hang up in a call, the number after a call or on going online) takes it, unless the agent is working in
 * one of the page's own fields; each change is announced either way. While a call is live, leaving or reloading
 * the page asks first (the browser's own prompt); `strings.leaveWarning` is a sentence the page can show too.
 *
 * A call that rings here is heard and seen: a ring tone (Web Audio, on `ringDevice` where the browser can choose),
 * and, when the page is hidden, the window unfocused or the tone refused by the autoplay policy, a system notification
 * (asked for on the agent's own Go online click; selecting it focuses Answer) and a "(Ringing)" tab title, restored
 * after. A page that cancels `tpe-incoming-call` rings nothing of this.
 *
 * @tagname tpe-call-agent
 * @fires {CustomEvent<StatusChangeDetail<CallAgentStatus>>} tpe-status-change - `{status, previous, reason?}`: offline, connecting, ready, in-call, reconnecting, error.
 * @fires tpe-incoming-call - `{callId, callerNumber?, callerName?, resourceAccountId?, ring: {tone, notification, title}}`; cancelable: the page takes the call over, and the element rings nothing.
 * @fires tpe-call-state-change - `{callId, state, previous}` with the SDK's call states.
 * @fires tpe-call-ended - `{callId, code, subCode, reason}`.
 * @fires tpe-phone-owner-change - `{owner}`: this tab now holds the phone, or another tab does (`tabs="shared"`).
 * @fires tpe-missed-call - `{callId, callerNumber?, callerName?, resourceAccountId?, at}`: a call rang here and nobody took it (the caller gave up, nobody answered).
 * @fires tpe-error - `{code, message, remedy, source}`.
 * @csspart incoming - The ringing card.
 * @csspart call - The in-call panel.
 * @csspart caller - Who calls or is called, on the ringing and in-call cards: the name, else the number, else "Unknown caller".
 * @csspart caller-number - The other party's number grouped for reading (+1 425 555 0100); its E.164 in `data-e164` and `title`.
 * @csspart line - The resource account the call came in on or is made as, on the ringing and in-call cards.
 * @csspart tones - The DTMF tones sent in this call.
 * @csspart controls - The in-call buttons.
 * @csspart keypad - The dial pad.
 * @csspart dial-form - The outgoing-call form.
 * @csspart notice - A problem with the last action, beside the control it concerns: in the call card, the ringing card, under the dial form or the devices.
 * @csspart microphone - A problem with the microphone (refused, missing, silent, unplugged), beside the phone's status.
 * @csspart message - The sentence under the heading (reconnecting, offline).
 * @csspart remedy - What to do about an error.
 * @csspart retry - When the phone tries again by itself after a failure that time can fix.
 * @csspart actions - The row with the online/offline button.
 * @csspart online-button - Go online (or try again).
 * @csspart notification-hint - Why the browser will ask to show notifications, until it has asked.
 * @csspart offline-button - Go offline.
 * @csspart accept-button - Answer the ringing call.
 * @csspart decline-button - Decline the ringing call.
 * @csspart call-state - The call's state in words.
 * @csspart timer - The call's duration.
 * @csspart mute-button - Mute or unmute.
 * @csspart hold-button - Hold or resume.
 * @csspart keypad-button - Show the dial pad.
 * @csspart transfer-button - Show the transfer form.
 * @csspart transfer-form - Where the transfer target is typed.
 * @csspart hang-up-button - Hang up.
 * @csspart end-for-everyone-button - End the call for everyone; shown only while more than one other party is in the call.
 * @csspart number-input - The number to dial.
 * @csspart dial-button - Place the call.
 * @csspart devices - The microphone and speaker pickers.
 * @csspart emergency - The notice shown during an emergency call.
 * @csspart last-call - How the last call ended.
 * @csspart interrupted-call - The call that was live when the page was last reloaded or closed, and what became of it.
 * @csspart missed-calls - Calls that rang and nobody took, with a button to clear them.
 * @cssprop --tpe-color-ringing - The ringing card and the answer button.
 */
export class TpeCallAgent extends TpeElement<CallAgentStrings> {
  static override styles = [...TpeElement.styles, callAgentStyles];
  protected readonly defaultStrings = callAgentStrings;

  /** The id of the `<tpe-consent>` whose signed-in agent this phone belongs to. */
  @property({ attribute: 'for' }) for?: string;
  /** The identity element itself, when an id cannot be used (another shadow root). */
  @property({ attribute: false }) consent?: AgentIdentitySource;
  /** The resource account outgoing calls are made on behalf of (its object id). */
  @property({ attribute: 'resource-account-id' }) resourceAccountId?: string;
  /** Resource accounts to offer for outgoing calls and to name incoming ones: `{id, displayName, phoneNumber}`. */
  @property({ attribute: false }) resourceAccounts: ResourceAccountOption[] = [];
  /** Go online as soon as the agent is signed in and ready. */
  @property({ type: Boolean, attribute: 'auto-online' }) autoOnline = false;
  /** A page's own ACS token source, instead of a `<tpe-consent>`. */
  @property({ attribute: false }) tokenSource?: AcsTokenSource;
  /** A page's own Calling SDK loader; by default the consent settings choose the real SDK or the simulator. */
  @property({ attribute: false }) callingSdk?: () => Promise<CallingSdk>;
  /**
   * How the phone waits before trying again by itself after a failure time can fix (what the service's
   * Retry-After said, else 2, 4, 8… s, at most 2 min): a timer unless set. `(delayMs, signal) => Promise<void>`,
   * rejecting once `signal` aborts (the agent went offline or tried at once).
   */
  @property({ attribute: false }) retryScheduler?: RetryScheduler;
  /** Any of the words the element shows, failures included (`errors`, by code), to translate or reword (defaults: `callAgentStrings`; German: `callAgentStringsDe`). */
  @property({ attribute: false }) strings: Partial<CallAgentStrings> = {};
  /**
   * Turns the keyboard shortcuts off: Alt+Shift+A (answer) and Alt+Shift+H (hang up or decline), for a page
   * that uses those keys itself. Even on, they act only while a call rings or is live, and never on a keystroke
   * typed into one of the page's own fields.
   */
  @property({ type: Boolean, reflect: true, attribute: 'no-shortcuts' }) noShortcuts = false;
  /**
   * The ring tone while a call rings here: `'default'` (made with Web Audio), `'off'`, or the page's own
   * `{ play(), stop() }` (a `play()` that rejects falls back to a notification and the tab title). The
   * `ring-tone="off"` attribute silences it too, for markup.
   */
  declare ringTone?: RingToneOption;
  /** The output device (`deviceId`) the default ring tone plays on, apart from the call's speaker, where the browser can choose. */
  declare ringDevice?: string;
  /**
   * `shared` (the default): the origin's tabs share one phone. One tab holds the registration, the audio and the
   * microphone; every tab shows its state and can answer, dial and hang up (the holding tab runs it); the ring
   * sounds once; when the holding tab closes, another takes the phone over. `independent`: a phone per tab.
   * Tabs share the phone of the element with the same `for`. Read when the element is connected.
   */
  @property() tabs: 'shared' | 'independent' = 'shared';
  /**
   * Reflected: this tab holds the phone (always, with `tabs="independent"`); set by the element only.
   * @readonly
   */
  @property({ type: Boolean, reflect: true }) owner = true;
  /**
   * Reflected for styling; set by the element only.
   * @readonly
   */
  @property({ reflect: true }) status: CallAgentStatus = 'offline';
  /**
   * Reflected while a call rings, so the page can show it too; set by the element only.
   * @readonly
   */
  @property({ type: Boolean, reflect: true }) ringing = false;

  @state() private keypadOpen = false;
  @state() private transferOpen = false;
  /** The last transition, in words, for the live region. */
  @state() private announcement = '';
  /** The screen the agent sees, to notice when it changes. */
  #phase = 'offline';
  /** The control that should take focus once the new screen is rendered. */
  #focusNext?: string;
  /** The online screens, loaded once the agent goes online (with the calling code), not on first load. */
  #views?: OnlineViews;
  #viewsLoading?: Promise<void>;
  /** Where the last action the agent (or the page) started is shown: a notice it causes goes there. */
  #lastAction: NoticePlace = 'dial';
  /** Each notice's place, fixed when it first appears, so that a later action does not move it. */
  readonly #noticePlaces = new WeakMap<object, NoticePlace>();

  protected readonly agent = new CallAgentController(this, () => ({
    identity: () => this.consent ?? this.#byId(),
    tokenSource: this.tokenSource,
    callingSdk: this.callingSdk,
    retryScheduler: this.retryScheduler,
    autoOnline: this.autoOnline,
    strings: this.text,
    tabs: this.tabs,
    tabsKey: this.for ?? '',
  }));

  constructor() {
    super();
    // The first listener on the element: a page's listener that reads `status` on the event already sees the new one.
    this.addEventListener('tpe-status-change', (event) => {
      if (event.target === this) this.status = (event as CustomEvent<{ status: CallAgentStatus }>).detail.status;
    });
  }

  /** Loads the calling stack, gets a token and registers the agent: resolves once online (or failed). */
  goOnline(): Promise<void> {
    return Promise.all([this.agent.goOnline(), this.#loadViews()]).then(() => undefined);
  }

  /** Unregisters and disposes agent, client and credential; ends any call. */
  goOffline(): Promise<void> {
    return this.agent.goOffline();
  }

  /** Answers the ringing call (asks for the microphone first). */
  accept(): Promise<void> {
    this.#lastAction = 'ring';
    return this.agent.accept();
  }

  /** Declines the ringing call. */
  decline(): Promise<void> {
    this.#lastAction = 'ring';
    return this.agent.decline();
  }

  /** Takes the phone into this tab (the agent is looking at it), unless a call is live in the tab that holds it. */
  takeOver(): void {
    this.agent.takeOver();
  }

  /** Calls a phone number on behalf of a resource account (`resource-account-id` unless given). */
  dial(number: string, options: { resourceAccountId?: string } = {}): Promise<void> {
    this.#lastAction = 'dial';
    return this.agent.dial(number, options.resourceAccountId ?? this.resourceAccountId ?? this.resourceAccounts[0]?.id ?? '');
  }

  /** Hangs up; `forEveryone` ends the call for every participant. */
  hangUp(options: { forEveryone?: boolean } = {}): Promise<void> {
    this.#lastAction = 'call';
    return this.agent.hangUp(options.forEveryone ?? false);
  }

  /** Mutes the microphone in the call. */
  mute(): Promise<void> {
    this.#lastAction = 'call';
    return this.agent.mute();
  }

  /** Unmutes the microphone in the call. */
  unmute(): Promise<void> {
    this.#lastAction = 'call';
    return this.agent.unmute();
  }

  /** Puts the call on hold (1:1 calls; not during an emergency call). */
  hold(): Promise<void> {
    this.#lastAction = 'call';
    return this.agent.hold();
  }

  /** Resumes a held call. */
  resume(): Promise<void> {
    this.#lastAction = 'call';
    return this.agent.resume();
  }

  /** Sends a DTMF tone (`Num0`…`Num9`, `Star`, `Pound`, `A`…`D`, `Flash`), in order. */
  sendDtmf(tone: DtmfTone): Promise<void> {
    this.#lastAction = 'call';
    return this.agent.sendDtmf(tone);
  }

  /** Blind transfer to a phone number or another agent's identity (`8:acs:…`). */
  transfer(target: string): Promise<void> {
    this.#lastAction = 'call';
    return this.agent.transfer(target);
  }

  /** When the phone tries again by itself (ms since epoch), after a failure that time can fix; sooner when the network comes back. */
  get nextAttemptAt(): number | undefined {
    return this.agent.nextAttemptAt;
  }

  /** The far end's audio in the current call (for a level meter or a recording), once media flows. */
  remoteAudioStream(): Promise<MediaStream | undefined> {
    return this.agent.session?.remoteAudio() ?? Promise.resolve(undefined);
  }

  #byId(): AgentIdentitySource | undefined {
    // A server has no page to look in: the browser finds the identity once the element is connected.
    if (isServer || !this.for) return undefined;
    const root = this.getRootNode() as Document | ShadowRoot;
    return (root.getElementById?.(this.for) ?? document.getElementById(this.for)) as AgentIdentitySource | null ?? undefined;
  }

  /** A call rings here for the agent (not one the page took over) and none is live. */
  #rings(): boolean {
    return this.agent.incoming.some((c) => !c.hostHandles) && !this.agent.call;
  }

  // Alt+Shift+A answers a ringing call; Alt+Shift+H hangs up a live one or declines a ringing one.
  protected readonly shortcuts = new CallShortcutsController(this, () => {
    if (this.noShortcuts) return {};
    if (this.agent.call) return { hangUp: () => this.hangUp() };
    if (this.#rings()) return { answer: () => this.accept(), hangUp: () => this.decline() };
    return {};
  });

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A server has no page to find the `<tpe-consent>` in: the browser follows it once the element is connected.
    if (!isServer && (changed.has('for') || changed.has('consent') || changed.has('tokenSource'))) this.agent.follow();
    this.status = this.agent.status;
    this.owner = this.agent.owner;
    this.ringing = this.#rings();
    if (!this.agent.call) {
      this.keypadOpen = false;
      this.transferOpen = false;
    }
    if (!isServer) {
      if (this.agent.status !== 'offline' && this.agent.status !== 'error') void this.#loadViews();
      const notice = this.agent.notice;
      if (notice && !this.#noticePlaces.has(notice)) this.#noticePlaces.set(notice, this.#lastAction);
      this.#follow();
    }
  }

  /** Loads the online screens once; a failed load is tried again on the next update. */
  #loadViews(): Promise<void> {
    return (this.#viewsLoading ??= import('./call-agent-views.js').then(
      (views) => {
        this.#views = views;
        this.requestUpdate();
      },
      () => {
        this.#viewsLoading = undefined;
      },
    ));
  }

  /** Notices a new screen (online, ringing, in a call, back to ready): what to announce and where focus goes. */
  #follow(): void {
    const t = this.text;
    const { status, call, incoming } = this.agent;
    const phase = call ? 'in-call' : this.ringing ? 'ringing' : status;
    const previous = this.#phase;
    if (phase === previous) return;
    this.#phase = phase;
    // A live call keeps the page from being left or reloaded without a question; nothing else does.
    // Only the tab that holds the call: closing another tab ends nothing.
    const callHere = call && this.agent.owner;
    if (callHere || previous === 'in-call') window[callHere ? 'addEventListener' : 'removeEventListener']('beforeunload', this.#onBeforeUnload);
    const [part, announcement] =
      phase === 'ringing' ? ['accept-button', t.announceRinging(this.#caller(incoming.find((c) => !c.hostHandles)!))]
      : phase === 'in-call' ? ['hang-up-button', t.inCallTitle]
      : phase === 'ready' && previous !== 'reconnecting' ? ['number-input', previous === 'in-call' ? t.announceEnded : t.readyTitle]
      : [];
    if (part) [this.#focusNext, this.announcement] = [part, announcement!];
  }

  /** What the agent may have missed: the call a reload cut off, calls that rang while nobody took them. */
  #history(): TemplateResult {
    const t = this.text;
    const { interrupted, missed } = this.agent;
    const who = (c: { remoteName?: string; remoteNumber?: string; callerName?: string; callerNumber?: string }) =>
      callerWords(c.remoteName ?? c.callerName, c.remoteNumber ?? c.callerNumber, t.unknownCaller);
    return html`${interrupted ? html`<p part="interrupted-call" class="remedy" role="status">${t.interruptedCall(who(interrupted))}</p>` : nothing}
      ${missed[0]
        ? html`<p part="missed-calls" class="quiet" role="status">${t.missedCalls(missed.length, who(missed[0]), new Date(missed[0].at))}
            <button class="secondary" @click=${() => this.agent.clearMissed()}>${t.clearMissed}</button></p>`
        : nothing}`;
  }

  /** When the phone tries again by itself, and why it may take a while (no network). */
  #retrying(): TemplateResult | typeof nothing {
    const at = this.agent.nextAttemptAt;
    if (at === undefined) return nothing;
    return html`<p part="retry" class="quiet">${navigator.onLine ? '' : `${this.text.networkOffline} `}${this.text.retryingAt(new Date(at))}</p>`;
  }

  #caller(call: { callerNumber?: string; callerName?: string }): string {
    const who = { name: call.callerName, number: call.callerNumber };
    return this.#views?.callerText(who, this.text) ?? (who.name || who.number || this.text.unknownCaller);
  }

  readonly #onBeforeUnload = (event: BeforeUnloadEvent) => {
    event.preventDefault();
    // Older browsers ask only when returnValue is set; none shows this text any more, but it must be non-empty.
    event.returnValue = this.text.leaveWarning;
  };

  protected override updated(): void {
    const part = this.#focusNext;
    // The control may come with the online screens, still loading: it takes focus once they are there.
    if (part && !this.#views && this.agent.status !== 'offline' && this.agent.status !== 'error') return;
    this.#focusNext = undefined;
    // Focus moves only from inside the element or from nowhere: never out of the page's own field.
    if (part && (this.matches(':focus-within') || document.activeElement === document.body)) this.renderRoot.querySelector<HTMLElement>(`[part~="${part}"]`)?.focus();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.#phase === 'in-call') window.removeEventListener('beforeunload', this.#onBeforeUnload);
    this.#phase = 'offline';
  }

  protected override render() {
    return this.frame(this.view(), html`<p class="visually-hidden">${this.announcement}</p>`);
  }

  private view(): TemplateResult {
    const t = this.text;
    const failure = this.agent.failure && { ...this.agent.failure, ...sayError(t.errors, this.agent.failure) };
    switch (this.agent.status) {
      case 'connecting':
        return html`${this.heading(t.connecting)}`;
      case 'error':
        return html`${this.heading(failure?.code === SERVICE_BUSY ? t.busyTitle : t.errorTitle)}
          <p part="message" role="status">${failure?.message}</p>
          <p part="remedy" class="remedy">${failure?.remedy}</p>
          ${this.#retrying()}
          <div part="actions" class="actions"><button part="online-button" @click=${() => this.goOnline()}>${t.tryAgain}</button></div>`;
      case 'offline':
        // Go online only where it can succeed: a person who is not signed in (or has no access) is told what comes first.
        return this.agent.canGoOnline
          ? html`${this.heading(t.offlineTitle)}
              <p part="message">${t.offlineHint}</p>
              ${this.#history()}
              <div part="actions" class="actions"><button part="online-button" @click=${() => this.goOnline()}>${t.goOnline}</button></div>
              <p part="notification-hint" class="quiet" ?hidden=${globalThis.Notification?.permission !== 'default'}>${t.notificationWhy}</p>`
          : html`${this.heading(t.offlineTitle)}
              <p part="message">${[undefined, 'loading', 'signed-out', 'signing-in'].includes(this.agent.identityStatus) ? t.signInFirst : t.noAccessYet}</p>
              ${this.#history()}`;
      default:
        return this.onlineView();
    }
  }

  private onlineView(): TemplateResult {
    const t = this.text;
    const agent = this.agent;
    const views = this.#views;
    const heading = agent.status === 'reconnecting' ? t.reconnectingTitle : agent.call ? t.inCallTitle : t.readyTitle;
    const ringing = agent.incoming.filter((c) => !c.hostHandles)[0];
    const ringCard = !agent.call && ringing;
    const shortcuts = !this.noShortcuts;
    const microphone = agent.microphone && sayError(t.errors, agent.microphone);
    const here = this.#noticeHere(agent.call ? 'call' : 'dial', ringCard ? 'ring' : undefined, agent.devices ? 'devices' : undefined);
    return html`${this.heading(heading)}
      ${agent.status === 'reconnecting' ? html`<p part="message" role="status">${navigator.onLine ? t.reconnectingHint : t.networkOffline}</p>` : nothing}
      ${microphone
        ? html`<div part="microphone" class="notice" role="alert"><p>${microphone.message}</p><p class="remedy">${microphone.remedy}</p></div>`
        : nothing}
      ${views && ringCard
        ? views.ringingCard(ringing, t, {
            accounts: this.resourceAccounts,
            shortcuts,
            notice: here('ring'),
            accept: () => void this.accept().catch(() => undefined),
            decline: () => void this.decline().catch(() => undefined),
          })
        : nothing}
      ${!views
        ? nothing
        : agent.call
          ? views.inCallPanel(agent.call, t, {
              keypadOpen: this.keypadOpen,
              transferOpen: this.transferOpen,
              toggleKeypad: () => (this.keypadOpen = !this.keypadOpen),
              toggleTransfer: () => (this.transferOpen = !this.transferOpen),
              shortcuts,
              accounts: this.resourceAccounts,
              notice: here('call'),
              run: (action) => void action(this).catch(() => undefined),
            })
          : views.dialForm(
              t,
              this.resourceAccounts,
              this.resourceAccountId,
              agent.notice?.code === 'invalid-number',
              (number, ra) => void this.dial(number, { resourceAccountId: ra }).catch(() => undefined),
              here('dial'),
            )}
      ${!agent.call && agent.lastEnded ? html`<p part="last-call" class="quiet">${t.lastCall(agent.lastEnded)}</p>` : nothing}
      ${agent.call ? nothing : this.#history()}
      ${views && agent.devices
        ? views.devicePicker(
            agent.devices,
            t,
            (kind, id) => {
              this.#lastAction = 'devices';
              void this.agent.selectDevice(kind, id).catch(() => undefined);
            },
            here('devices'),
          )
        : nothing}
      ${shortcuts ? html`<p class="quiet" id="shortcuts">${t.shortcuts}</p>` : nothing}
      <div part="actions" class="actions"><button class="secondary" part="offline-button" @click=${() => this.goOffline()}>${t.goOffline}</button></div>`;
  }

  /**
   * The notice, for the one place on screen that shows it: beside the control whose action it concerns, or,
   * when that control is gone (the call ended, the ringing stopped), in the main card (`fallback`).
   */
  #noticeHere(fallback: NoticePlace, ...shown: Array<NoticePlace | undefined>): (place: NoticePlace) => TemplateResult | typeof nothing {
    const notice = this.agent.notice;
    const wanted = notice ? this.#noticePlaces.get(notice) : undefined;
    const place = wanted && (wanted === fallback || shown.includes(wanted)) ? wanted : fallback;
    return (at) => (at === place ? this.noticeView() : nothing);
  }

  private noticeView(): TemplateResult | typeof nothing {
    const notice = this.agent.notice && sayError(this.text.errors, this.agent.notice);
    if (!notice || this.agent.status === 'error' || this.agent.status === 'offline') return nothing;
    return html`<div part="notice" class="notice" role="alert" id="notice">
      <p>${notice.message}</p>
      ${notice.remedy ? html`<p class="remedy">${notice.remedy}</p>` : nothing}
      <button class="secondary" @click=${() => this.agent.dismissNotice()}>${this.text.dismiss}</button>
    </div>`;
  }
}
