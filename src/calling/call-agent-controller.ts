import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { emit } from '../tpe-events.js';
import { SERVICE_BUSY } from '../service-busy.js';
import { errorDetail, tpeError } from '../messages/error-words.js';
import { errorsCommonEn } from '../messages/errors.common.en.js';
import { errorsCallAgentEn } from '../messages/errors.call-agent.en.js';
import { isAbort, TpeError, type TpeErrorDetail } from '../tpe-error.js';
import type { CallAgentStatus, MissedCallDetail } from './call-agent-events.js';
import { forgetLiveCall, rememberLiveCall, takeInterruptedCall, type InterruptedCall } from './interrupted-call.js';
import type { AcsTokenSource, ActiveCallInfo, CallAgentSession, CallEnding, IncomingCallInfo, SessionObserver } from './call-agent-session.js';
import type { AudioDeviceInfo, CallingSdk, DtmfTone } from './calling-sdk.js';
import type { RetryScheduler } from '../consent/busy-retry.js';
import type { PhoneRecovery } from './phone-recovery.js';
import type { PhoneTabs } from './phone-tabs.js';
import type { RingStrings } from './ringer.js';

/** Where the call agent's identity comes from: `<tpe-consent>`, or anything shaped like it. */
export interface AgentIdentitySource extends EventTarget {
  readonly status: string;
  readonly settings?: { calling: 'sdk' | 'simulator'; acsEndpoint: string };
  getAcsToken(signal?: AbortSignal): Promise<{ token: string; expiresOnTimestamp: number }>;
}

export interface CallAgentOptions {
  identity(): AgentIdentitySource | undefined;
  /** A page's own token source instead of `<tpe-consent>`. */
  tokenSource?: AcsTokenSource;
  /** A page's own SDK loader (tests, or a pinned SDK build); by default the consent settings decide. */
  callingSdk?: () => Promise<CallingSdk>;
  /** How the phone waits before trying again by itself; a timer unless set. */
  retryScheduler?: RetryScheduler;
  autoOnline: boolean;
  /** The words the ringer shows outside the page, read when a call rings. */
  strings: RingStrings;
  /** `shared` (one phone for the origin's tabs, owned by one of them) or `independent` (a phone per tab). */
  tabs: 'shared' | 'independent';
  /** Which phone the tabs share: tabs whose elements name the same `<tpe-consent>` id share one. */
  tabsKey: string;
}

/** What another tab may ask the owning tab's phone to do. */
export type TabCommand = 'goOnline' | 'goOffline' | 'accept' | 'decline' | 'dial' | 'hangUp' | 'mute' | 'unmute' | 'hold' | 'resume' | 'sendDtmf' | 'transfer' | 'clearMissed' | 'dismissNotice';

export interface DeviceLists {
  microphones: AudioDeviceInfo[];
  speakers: AudioDeviceInfo[];
  microphone?: string;
  speaker?: string;
  speakerSelection: boolean;
}

/**
 * The lifecycle of one `<tpe-call-agent>`: going online (SDK and token fetched in parallel, only then),
 * the status the element shows, the events the page hears, and the teardown when the element leaves the
 * page or the agent signs out. All SDK work is in CallAgentSession, loaded with the SDK.
 */
export class CallAgentController implements ReactiveController {
  status: CallAgentStatus = 'offline';
  failure?: TpeErrorDetail;
  /** A problem with one action (a bad number, a refused hold) that leaves the agent online. */
  notice?: TpeErrorDetail;
  /** What is wrong with the microphone (found on going online, or unplugged since), while it is. */
  microphone?: TpeErrorDetail;
  incoming: Array<IncomingCallInfo & { hostHandles: boolean }> = [];
  call?: ActiveCallInfo;
  devices?: DeviceLists;
  /** The reason the last call ended, shown until the next one. */
  lastEnded?: string;
  /** Calls that rang here and nobody took, newest first, until the agent clears them. */
  missed: MissedCallDetail[] = [];
  /** The call that was live when this page's previous load went away (a reload, a closed tab), once. */
  interrupted?: InterruptedCall = takeInterruptedCall();
  #session?: CallAgentSession;
  #abort?: AbortController;
  #clock?: ReturnType<typeof setInterval>;
  #identity?: AgentIdentitySource;
  #going?: Promise<void>;
  /** Why the last token request failed, while the last one did fail: a session lost for its token says it. */
  #tokenFailure?: unknown;
  #prefetched = false;
  /** Keeps the phone online without a person, from the agent's Go online until Go offline. */
  #recovery?: PhoneRecovery;
  /** When the phone was last built again for a refused token: a second refusal soon after waits its turn. */
  #rebuiltForTokenAt = 0;
  #stopMicrophoneWatch?: () => void;
  /** The phone went offline because a shared sign-in ended, not by the agent's choice: online again once signed in here. */
  #resumeWhenReady = false;
  /** The origin's other tabs, unless this phone is independent; ready before the first Go online. */
  #tabs?: PhoneTabs;
  #tabsReady?: Promise<void>;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: () => CallAgentOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#tabsReady = this.#joinTabs();
    queueMicrotask(() => this.follow());
  }

  hostDisconnected(): void {
    this.#tabs?.dispose();
    this.#tabs = undefined;
    this.#unfollow();
    this.#stopRecovery();
    void this.#teardown();
    this.status = 'offline';
  }

  async goOnline(): Promise<void> {
    await this.#tabsReady;
    if (this.#following) return this.#remote('goOnline');
    if (this.status !== 'offline' && this.status !== 'error') return this.#going ?? Promise.resolve();
    this.#recovery?.cancel();
    return this.#start(false);
  }

  async goOffline(): Promise<void> {
    if (this.#following) return this.#remote('goOffline');
    const wasOffline = this.status === 'offline';
    // The agent chose to end it: nothing was cut off.
    forgetLiveCall();
    this.#stopRecovery();
    await this.#teardown();
    this.failure = undefined;
    if (!wasOffline) this.#set('offline');
  }

  get session(): CallAgentSession | undefined {
    return this.#session;
  }

  accept(id?: string): Promise<void> {
    return this.#following ? this.#remote('accept', id) : this.#act((s) => s.accept(id));
  }

  decline(id?: string): Promise<void> {
    return this.#following ? this.#remote('decline', id) : this.#act((s) => s.decline(id));
  }

  dial(number: string, resourceAccountId: string): Promise<void> {
    if (this.#following) return this.#remote('dial', number, resourceAccountId);
    this.lastEnded = undefined;
    return this.#act((s) => s.dial(number, resourceAccountId));
  }

  hangUp(forEveryone = false): Promise<void> {
    return this.#following ? this.#remote('hangUp', forEveryone) : this.#act((s) => s.hangUp(forEveryone));
  }

  mute(): Promise<void> {
    return this.#following ? this.#remote('mute') : this.#act((s) => s.mute());
  }

  unmute(): Promise<void> {
    return this.#following ? this.#remote('unmute') : this.#act((s) => s.unmute());
  }

  hold(): Promise<void> {
    return this.#following ? this.#remote('hold') : this.#act((s) => s.hold());
  }

  resume(): Promise<void> {
    return this.#following ? this.#remote('resume') : this.#act((s) => s.resume());
  }

  sendDtmf(tone: DtmfTone): Promise<void> {
    return this.#following ? this.#remote('sendDtmf', tone) : this.#act((s) => s.sendDtmf(tone));
  }

  transfer(target: string): Promise<void> {
    return this.#following ? this.#remote('transfer', target) : this.#act((s) => s.transfer(target));
  }

  /** This tab holds the phone: its registration, its audio, its microphone (always, for an independent phone). */
  get owner(): boolean {
    return !this.#tabs || this.#tabs.owner;
  }

  /** This tab takes the phone from the tab that holds it (the agent is looking here); nothing while a call is live there. */
  takeOver(): void {
    if (this.#following && !this.call) this.#tabs?.takeOver();
  }

  async selectDevice(kind: 'microphone' | 'speaker', id: string): Promise<void> {
    const session = this.#session;
    const device = (kind === 'microphone' ? this.devices?.microphones : this.devices?.speakers)?.find((d) => d.id === id);
    if (!session || !device) return;
    await this.#act((s) => (kind === 'microphone' ? s.selectMicrophone(device) : s.selectSpeaker(device)));
    await this.#readDevices();
    if (kind === 'microphone') {
      const calling = await import('./call-agent-session.js');
      this.#microphoneProblem(undefined);
      this.#watchMicrophone(calling);
    }
  }

  /** When the phone tries again by itself, while it will (after a failure that time can fix). */
  get nextAttemptAt(): number | undefined {
    return this.#following ? this.#tabs!.nextAttemptAt : this.#recovery?.nextAttemptAt;
  }

  /**
   * Whether Go online can succeed now: the agent's identity is ready (signed in, with calling access), or the
   * page supplies its own tokens. The element offers Go online only then.
   */
  get canGoOnline(): boolean {
    return Boolean(this.options().tokenSource) || this.identityStatus === 'ready' || this.#following;
  }

  /** The followed `<tpe-consent>`'s status (signed-out, needs-assignment, ready…), when there is one. */
  get identityStatus(): string | undefined {
    return this.#currentIdentity()?.status;
  }

  clearMissed(): void {
    if (this.#following) return void this.#remote('clearMissed').catch(() => undefined);
    this.missed = [];
    this.host.requestUpdate();
  }

  dismissNotice(): void {
    if (this.#following) return void this.#remote('dismissNotice').catch(() => undefined);
    this.notice = undefined;
    this.host.requestUpdate();
  }

  /** The owner tells the other tabs of every change it renders. */
  hostUpdate(): void {
    if (this.#tabs?.owner) this.#tabs.publish();
  }

  get #following(): boolean {
    return Boolean(this.#tabs) && !this.#tabs!.owner;
  }

  /** Runs a command in the tab that holds the phone; its refusal is this tab's notice too. */
  async #remote(command: TabCommand, ...args: unknown[]): Promise<void> {
    try {
      await this.#tabs!.command(command, args);
    } catch (error) {
      this.#notify(error);
      throw error;
    }
  }

  /** Joins the origin's other tabs (one phone among them), unless this phone is independent or the browser cannot. */
  async #joinTabs(): Promise<void> {
    if (this.options().tabs === 'independent' || typeof BroadcastChannel === 'undefined') return;
    const { PhoneTabs } = await import('./phone-tabs.js');
    if (!this.host.isConnected) return;
    // Another tab taking the phone lets this tab's registration go; what the new owner says comes next.
    const tabs = new PhoneTabs(`phone:${this.options().tabsKey}`, this, this.host, () => {
      this.#stopRecovery();
      void this.#teardown();
    });
    this.#tabs = tabs;
    await tabs.ready;
  }

  #start(recovering: boolean): Promise<void> {
    this.#going = this.#goOnline(recovering).finally(() => (this.#going = undefined));
    return this.#going;
  }

  /** Builds the phone again without a person (a refused token, a registration lost for good): same steps, said as reconnecting. */
  async #rebuild(): Promise<void> {
    if (!this.#recovery || this.#going) return;
    await this.#teardown();
    await this.#start(true);
  }

  async #goOnline(recovering: boolean): Promise<void> {
    const abort = new AbortController();
    this.#abort = abort;
    this.failure = undefined;
    this.notice = undefined;
    this.#set(recovering ? 'reconnecting' : 'connecting');
    try {
      const tokens = this.#remembering(this.#tokenSource());
      // The SDK (megabytes) starts loading now, and only now; the token is fetched while it loads.
      const sdk = this.#loadSdk();
      sdk.catch(() => undefined);
      const calling = await import('./call-agent-session.js');
      if (abort.signal.aborted) return;
      this.#recovery ??= new calling.PhoneRecovery({ rebuild: () => this.#rebuild(), changed: () => this.host.requestUpdate() }, this.options().retryScheduler);
      // The microphone is checked while the phone registers (from the agent's click, so the browser may ask), so that
      // a problem is on screen before any call rings.
      const microphone = recovering ? undefined : this.#checkMicrophone(calling, abort.signal);
      const session = await calling.CallAgentSession.start(sdk, tokens, calling.ringer(this.host, this.#observer(), () => this.options().strings), abort.signal);
      if (abort.signal.aborted) return void (await session.dispose());
      this.#session = session;
      this.#connection(session.connected);
      void this.#readDevices();
      // Watching starts once the check has said what it found (or at once when rebuilding: the check ran then).
      void Promise.resolve(microphone).then(() => this.#session === session && this.#watchMicrophone(calling));
    } catch (error) {
      if (abort.signal.aborted || isAbort(error)) return;
      this.#fail(error);
    }
  }

  /** The phone's line to the service is up or down: what the agent sees, and whether recovery watches it. */
  #connection(connected: boolean, reason?: string): void {
    if (connected) this.#recovery?.succeeded();
    else this.#recovery?.reconnecting(true);
    this.#set(connected ? (this.call ? 'in-call' : 'ready') : 'reconnecting', connected ? undefined : reason);
  }

  async #checkMicrophone(calling: typeof import('./call-agent-session.js'), signal: AbortSignal): Promise<void> {
    try {
      const result = await calling.checkMicrophone({ deviceId: this.devices?.microphone, signal });
      this.#microphoneProblem(result.status === 'ok' ? undefined : result.problem);
    } catch {
      // Aborted: the phone went offline meanwhile.
    }
  }

  /** Notices a microphone unplugged (or plugged back) while online, for the microphone the phone uses. */
  #watchMicrophone(calling: typeof import('./call-agent-session.js')): void {
    this.#stopMicrophoneWatch?.();
    this.#stopMicrophoneWatch = calling.watchMicrophones({ deviceId: this.devices?.microphone, onChange: (problem) => this.#microphoneProblem(problem) });
  }

  #microphoneProblem(problem: TpeErrorDetail | undefined): void {
    if (problem?.code === this.microphone?.code) return;
    this.microphone = problem;
    this.host.requestUpdate();
    if (problem) emit(this.host, 'tpe-error', problem);
  }

  #stopRecovery(): void {
    this.#recovery?.dispose();
    this.#recovery = undefined;
  }

  #tokenSource(): AcsTokenSource {
    const own = this.options().tokenSource;
    if (own) return own;
    const identity = this.#currentIdentity();
    if (!identity) {
      throw tpeError(errorsCommonEn, 'config', 'config', { reason: 'no-agent' });
    }
    // Not signed in? getAcsToken says so, with what to do.
    return (signal) => identity.getAcsToken(signal);
  }

  #remembering(tokens: AcsTokenSource): AcsTokenSource {
    this.#tokenFailure = undefined;
    return async (signal) => {
      try {
        const token = await tokens(signal);
        this.#tokenFailure = undefined;
        return token;
      } catch (error) {
        this.#tokenFailure = error;
        throw error;
      }
    };
  }

  async #loadSdk(): Promise<CallingSdk> {
    const own = this.options().callingSdk;
    if (own) return own();
    const settings = this.#currentIdentity()?.settings;
    if (settings?.calling === 'simulator') {
      const { simulatedCallingSdk } = await import('../simulator/index.js');
      return simulatedCallingSdk(settings.acsEndpoint);
    }
    const { loadCallingSdk } = await import('./load-calling-sdk.js');
    return loadCallingSdk();
  }

  /**
   * Once the agent's identity is ready, fetches the calling code at idle time (the browser caches the modules), so
   * the first Go online waits on no download. A hidden page fetches nothing until it is seen; nothing runs twice.
   */
  #prefetchCode(): void {
    if (this.#prefetched) return;
    this.#prefetched = true;
    const idle = () => ('requestIdleCallback' in globalThis ? requestIdleCallback(fetch, { timeout: 2000 }) : setTimeout(fetch, 500));
    const fetch = () => {
      if (document.hidden) return void document.addEventListener('visibilitychange', idle, { once: true });
      // Loading the SDK or the simulator only imports it (no CallClient yet); a page's own loader is left for Go online.
      import('./call-agent-session.js').catch(() => undefined);
      if (!this.options().callingSdk) this.#loadSdk().catch(() => undefined);
    };
    idle();
  }

  #observer(): SessionObserver {
    return {
      connection: (connected, reason) => {
        if (!connected && reason === 'invalidToken') return this.#tokenRefused();
        this.#connection(connected, reason);
      },
      incoming: (info) => {
        const { id: callId, ...about } = info;
        const hostHandles = !emit(this.host, 'tpe-incoming-call', { callId, ...about }, { cancelable: true });
        this.incoming = [...this.incoming, { ...info, hostHandles }];
        this.host.requestUpdate();
      },
      incomingEnded: (id, ending) => {
        const rang = this.incoming.find((c) => c.id === id);
        this.incoming = this.incoming.filter((c) => c.id !== id);
        this.#ended(id, ending);
        if (rang && ending.missed && !rang.hostHandles) this.#missedCall(rang);
      },
      callState: (call, previous) => {
        this.call = call;
        this.interrupted = undefined;
        rememberLiveCall(call);
        this.incoming = this.incoming.filter((c) => c.id !== call.id);
        this.#tick(true);
        if (this.status === 'ready') this.#set('in-call');
        this.host.requestUpdate();
        emit(this.host, 'tpe-call-state-change', { callId: call.id, state: call.state, previous });
      },
      callEnded: (call, ending) => {
        this.call = undefined;
        forgetLiveCall();
        this.#tick(false);
        if (this.status === 'in-call') this.#set('ready');
        this.#ended(call.id, ending);
      },
      changed: () => {
        const active = this.#session?.activeCall;
        if (active) this.call = active;
        this.host.requestUpdate();
      },
    };
  }

  /**
   * The service refused the phone's token (expired unrenewed, revoked, or signed by keys it no longer has): a
   * fresh token and a new registration, without signing out. A renewal that failed because a service was busy
   * says so and waits its `Retry-After`; a second refusal right after a rebuild waits its turn too.
   */
  #tokenRefused(): void {
    const failure = this.#tokenFailure;
    const busy = failure instanceof TpeError && failure.code === SERVICE_BUSY ? failure : undefined;
    void this.#teardown();
    if (busy) return this.#fail(busy);
    if (Date.now() - this.#rebuiltForTokenAt < 10_000) {
      return this.#fail(tpeError(errorsCallAgentEn, 'token-expired', 'calling', { reason: 'refused' }));
    }
    this.#rebuiltForTokenAt = Date.now();
    void this.#start(true);
  }

  #missedCall({ id: callId, callerNumber, callerName, resourceAccountId }: IncomingCallInfo): void {
    const detail: MissedCallDetail = { callId, ...(callerNumber ? { callerNumber } : {}), ...(callerName ? { callerName } : {}), ...(resourceAccountId ? { resourceAccountId } : {}), at: Date.now() };
    this.missed = [detail, ...this.missed].slice(0, 20);
    this.host.requestUpdate();
    emit(this.host, 'tpe-missed-call', detail);
  }

  #ended(callId: string, { code, subCode, reason, problem }: CallEnding): void {
    this.lastEnded = reason;
    if (problem) {
      this.notice = problem;
      emit(this.host, 'tpe-error', problem);
    }
    this.host.requestUpdate();
    emit(this.host, 'tpe-call-ended', { callId, code, subCode, reason });
  }

  async #act(action: (session: CallAgentSession) => Promise<void>): Promise<void> {
    const session = this.#session;
    if (!session) {
      const error = tpeError(errorsCallAgentEn, 'offline', 'calling');
      this.#notify(error);
      throw error;
    }
    this.notice = undefined;
    try {
      await action(session);
    } catch (error) {
      this.#notify(error);
      throw error;
    } finally {
      this.host.requestUpdate();
    }
  }

  #notify(error: unknown): void {
    const detail = error instanceof TpeError ? error.toDetail() : errorDetail(errorsCallAgentEn, 'calling-failed', 'calling', { text: String((error as Error)?.message ?? error) });
    this.notice = detail;
    this.host.requestUpdate();
    emit(this.host, 'tpe-error', detail);
  }

  async #readDevices(): Promise<void> {
    const session = this.#session;
    if (!session) return;
    try {
      const [microphones, speakers] = await Promise.all([session.microphones(), session.speakers()]);
      if (session !== this.#session) return;
      this.devices = {
        microphones: microphones.devices,
        speakers: speakers.devices,
        microphone: microphones.selected?.id,
        speaker: speakers.selected?.id,
        speakerSelection: speakers.available,
      };
      this.host.requestUpdate();
    } catch {
      // Device lists are a convenience; calls use the browser's default devices without them.
    }
  }

  /** A once-a-second update for the call timer, only while a call is connected. */
  #tick(on: boolean): void {
    const live = on && this.call?.connectedAt !== undefined && this.call.state !== 'Disconnected';
    if (live && !this.#clock) this.#clock = setInterval(() => this.host.requestUpdate(), 1000);
    if (!live && this.#clock) {
      clearInterval(this.#clock);
      this.#clock = undefined;
    }
  }

  async #teardown(): Promise<void> {
    this.#abort?.abort();
    this.#stopMicrophoneWatch?.();
    this.#stopMicrophoneWatch = undefined;
    this.microphone = undefined;
    this.#abort = undefined;
    this.#tick(false);
    const session = this.#session;
    this.#session = undefined;
    this.incoming = [];
    this.call = undefined;
    this.devices = undefined;
    this.notice = undefined;
    if (session) await session.dispose().catch(() => undefined);
  }

  // Sign-out (or losing readiness) on the identity element takes the agent offline. The event says the new
  // status: the element's own property may not have caught up yet when its event fires. A tab that follows
  // another's phone leaves it to the tab holding it (an agent signing out is heard in every tab). When the
  // sign-in this tab shared from another ended, the phone comes back once the agent signs in here.
  readonly #onIdentityChange = (event?: Event) => {
    const identity = this.#identity;
    if (!identity) return;
    if (this.#following) return this.host.requestUpdate();
    const detail = (event as CustomEvent<{ status?: string; reason?: string }> | undefined)?.detail;
    const status = event?.type === 'tpe-signed-out' ? 'signed-out' : (detail?.status ?? identity.status);
    if (status !== 'ready' && this.status !== 'offline') {
      const resume = detail?.reason === 'shared-sign-in-ended';
      void this.goOffline().then(() => resume && (this.#resumeWhenReady = true));
    }
    if (status === 'ready') this.#prefetchCode();
    if (status === 'ready' && (this.options().autoOnline || this.#resumeWhenReady) && this.status === 'offline') {
      this.#resumeWhenReady = false;
      void this.goOnline();
    }
    // Go online is offered only while it can succeed.
    this.host.requestUpdate();
  };

  /** The identity followed, or (before the first update) the one the host names now. */
  #currentIdentity(): AgentIdentitySource | undefined {
    return this.#identity ?? this.options().identity();
  }

  /** Re-reads which `<tpe-consent>` to follow (its `for` changed, or it appeared later in the page). */
  follow(): void {
    if (this.options().tokenSource) this.#prefetchCode();
    const identity = this.options().identity();
    if (identity === this.#identity) return;
    this.#unfollow();
    this.#identity = identity;
    identity?.addEventListener('tpe-status-change', this.#onIdentityChange);
    identity?.addEventListener('tpe-signed-out', this.#onIdentityChange);
    if (identity) this.#onIdentityChange();
  }

  #unfollow(): void {
    this.#identity?.removeEventListener('tpe-status-change', this.#onIdentityChange);
    this.#identity?.removeEventListener('tpe-signed-out', this.#onIdentityChange);
    this.#identity = undefined;
  }

  #fail(error: unknown): void {
    const detail: TpeErrorDetail = error instanceof TpeError ? error.toDetail() : errorDetail(errorsCallAgentEn, 'calling-failed', 'calling', { action: 'go online' });
    this.failure = detail;
    // Before the status event, so that a page reading nextAttemptAt on it sees the attempt to come.
    this.#recovery?.failed(detail.code, detail.retryAfterSeconds);
    this.#set('error', detail.code);
    emit(this.host, 'tpe-error', detail);
  }

  #set(status: CallAgentStatus, reason?: string): void {
    const previous = this.status;
    this.status = status;
    this.host.requestUpdate();
    if (previous !== status) emit(this.host, 'tpe-status-change', { status, previous, ...(reason ? { reason } : {}) });
  }
}
