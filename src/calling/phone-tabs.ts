import { PhoneLock } from '../tabs/phone-lock.js';
import { TabLink } from '../tabs/tab-link.js';
import { tpeError } from '../messages/error-words.js';
import { errorsTabsEn } from '../messages/errors.tabs.en.js';
import type { TpeError, TpeErrorDetail } from '../tpe-error.js';
import { emit, type TpeEventMap } from '../tpe-events.js';
import type { CallAgentController, TabCommand } from './call-agent-controller.js';
import type { CallAgentStatus, MissedCallDetail } from './call-agent-events.js';
import type { ActiveCallInfo, IncomingCallInfo } from './call-agent-session.js';

/** What every tab shows of the phone: the owning tab's state, sent to the others whenever it changes. */
export interface PhoneSnapshot {
  status: CallAgentStatus;
  failure?: TpeErrorDetail;
  notice?: TpeErrorDetail;
  microphone?: TpeErrorDetail;
  incoming: IncomingCallInfo[];
  call?: ActiveCallInfo;
  missed: MissedCallDetail[];
  lastEnded?: string;
  nextAttemptAt?: number;
}

/** The phone's events that every tab fires. */
const FORWARDED = ['tpe-status-change', 'tpe-incoming-call', 'tpe-call-state-change', 'tpe-call-ended', 'tpe-missed-call', 'tpe-error'] as const;
const COMMANDS: readonly TabCommand[] = ['goOnline', 'goOffline', 'accept', 'decline', 'dial', 'hangUp', 'mute', 'unmute', 'hold', 'resume', 'sendDtmf', 'transfer', 'clearMissed', 'dismissNotice'];

/** A command waits this long for the owning tab (a person is waiting on a button). */
const COMMAND_TIMEOUT_MS = 10_000;
/**
 * A follower asks the owner of an online phone whether it is there this often, and takes the phone over when it
 * does not answer within ALIVE_TIMEOUT_MS (a frozen tab keeps its lock but runs nothing). Messages, unlike timers,
 * reach a hidden tab at once, so a background owner answers; only a frozen or hung one does not.
 */
const PROBE_MS = 5_000;
/** How long a new tab waits to learn whether it holds the phone or another tab does (a frozen owner answers nothing). */
const ROLE_TIMEOUT_MS = 2_000;
const ALIVE_TIMEOUT_MS = 3_000;

/**
 * One phone across the tabs of one origin: one tab owns the calling registration (a Web Lock), the others mirror
 * its state and events and send it their commands over a BroadcastChannel; a tab that closes or reloads hands the
 * lock to the next, which goes online if the phone was. An owner that stops saying it is alive (a frozen tab keeps
 * its lock) is taken over. Tokens never travel here: only the phone's state, its events and commands.
 */
export class PhoneTabs {
  readonly #link: TabLink;
  readonly #lock: PhoneLock;
  #last?: PhoneSnapshot;
  #publishPending = false;
  #probe?: ReturnType<typeof setInterval>;
  #knowRole!: () => void;
  /** Settles once this tab knows its role: it holds the phone, or it heard the tab that does (or waited its bound). */
  readonly ready = new Promise<void>((resolve) => {
    this.#knowRole = resolve;
    setTimeout(resolve, ROLE_TIMEOUT_MS);
  });
  readonly #off: Array<() => void> = [];
  /** What the owning tab answers; only the owner answers, so that a silent owner is not covered by a follower. */
  #serving: Array<() => void> = [];

  /** The owning tab's `nextAttemptAt`, while this tab follows it. */
  nextAttemptAt?: number;

  constructor(
    name: string,
    private readonly phone: CallAgentController,
    private readonly element: HTMLElement,
    /** This tab's registration goes: another tab took the phone. */
    private readonly release: () => void,
  ) {
    this.#link = new TabLink(name);
    this.#lock = new PhoneLock(name, { owned: () => this.#owned(), lost: () => this.#lost() });
    this.#off.push(
      this.#link.on('state', (body) => this.#followed(body as unknown as PhoneSnapshot)),
      this.#link.on('event', (body) => !this.owner && emit(this.element, String(body.type) as keyof TpeEventMap, body.detail as never)),
    );
    // What the owner's phone fires, the other tabs fire too (their own `emit`s are replays, and they do not own).
    for (const type of FORWARDED) {
      const forward = (event: Event) => event.target === element && this.forward(type, (event as CustomEvent).detail);
      element.addEventListener(type, forward);
      this.#off.push(() => element.removeEventListener(type, forward));
    }
    this.#lock.start();
    this.#probe = setInterval(() => void this.#checkOwner(), PROBE_MS);
    // A tab that opens beside an owner shows its phone at once.
    void this.#link.request<PhoneSnapshot | undefined>('state?', {}, { timeoutMs: 1000 }).then(
      (snapshot) => snapshot && this.#followed(snapshot),
      () => undefined,
    );
  }

  get owner(): boolean {
    return this.#lock.owned;
  }

  get tabId(): string {
    return this.#link.tabId;
  }

  /** The owner's state changed: the other tabs hear of it once the current task is done. */
  publish(): void {
    if (!this.owner || this.#publishPending) return;
    this.#publishPending = true;
    queueMicrotask(() => {
      this.#publishPending = false;
      if (this.owner) this.#link.send('state', this.#snapshot() as unknown as Record<string, unknown>);
    });
  }

  /** An event the owner fired, for the other tabs to fire too. */
  forward(type: string, detail: unknown): void {
    if (this.owner) this.#link.send('event', { type, detail });
  }

  /** A follower's command, run by the owning tab. */
  command(command: string, args: unknown[] = []): Promise<unknown> {
    return this.#link.request('command', { command, args }, { timeoutMs: COMMAND_TIMEOUT_MS });
  }

  /** This tab takes the phone (the agent is looking at it); the owner lets its registration go. */
  takeOver(): void {
    this.#lock.takeOver();
  }

  dispose(): void {
    clearInterval(this.#probe);
    for (const off of [...this.#off, ...this.#serving]) off();
    this.#lock.release();
    this.#link.close();
  }

  #owned(): void {
    this.#knowRole();
    this.#serving = [
      this.#link.answer('state?', () => this.#snapshot()),
      this.#link.answer('command', (body) => this.#run(String(body.command), (body.args as unknown[]) ?? [])),
    ];
    const wasOnline = this.#last !== undefined && this.#last.status !== 'offline';
    // What this tab showed was another tab's: it starts from offline, and goes online if the phone was.
    Object.assign(this.phone, { status: 'offline', failure: undefined, notice: undefined, microphone: undefined, call: undefined, incoming: [] });
    this.#ownerChanged();
    if (wasOnline) void this.phone.goOnline().catch(() => undefined);
  }

  #lost(): void {
    for (const off of this.#serving) off();
    this.#serving = [];
    this.release();
    this.#ownerChanged();
  }

  #ownerChanged(): void {
    (this.element as HTMLElement & { requestUpdate(): void }).requestUpdate();
    emit(this.element, 'tpe-phone-owner-change', { owner: this.owner });
  }

  #snapshot(): PhoneSnapshot {
    const p = this.phone;
    return {
      status: p.status,
      failure: p.failure,
      notice: p.notice,
      microphone: p.microphone,
      incoming: p.incoming.map(({ hostHandles: _, ...call }) => call),
      call: p.call,
      missed: p.missed,
      lastEnded: p.lastEnded,
      nextAttemptAt: p.nextAttemptAt,
    };
  }

  async #run(command: string, args: unknown[]): Promise<void> {
    if (!COMMANDS.includes(command as TabCommand)) throw tpeError(errorsTabsEn, 'unknown-command', 'calling', { command });
    await (this.phone[command as TabCommand] as (...a: unknown[]) => Promise<void> | void).apply(this.phone, args);
  }

  #followed(snapshot: PhoneSnapshot): void {
    if (this.owner) return;
    this.#last = snapshot;
    const { status, failure, notice, microphone, incoming, call, missed, lastEnded, nextAttemptAt } = snapshot;
    Object.assign(this.phone, { status, failure, notice, microphone, call, missed, lastEnded });
    this.phone.incoming = incoming.map((ringing) => ({ ...ringing, hostHandles: false }));
    this.nextAttemptAt = nextAttemptAt;
    (this.element as HTMLElement & { requestUpdate(): void }).requestUpdate();
    this.#knowRole();
  }

  /** A follower of an online phone whose owner does not answer (frozen, hung) takes the phone over. */
  async #checkOwner(): Promise<void> {
    if (this.owner || !this.#last || this.#last.status === 'offline') return;
    try {
      await this.#link.request('state?', {}, { timeoutMs: ALIVE_TIMEOUT_MS });
    } catch (error) {
      if ((error as TpeError).code === 'tab-timeout' && !this.owner) this.takeOver();
    }
  }
}
