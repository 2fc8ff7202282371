import type { RingDetail } from './call-agent-events.js';
import type { ActiveCallInfo, CallEnding, IncomingCallInfo, SessionObserver } from './call-agent-session.js';
import type { CallState } from './calling-sdk.js';
import { callerWords } from './format-phone-number.js';

/** A page's own ring tone: started when a call rings here, stopped when it is answered, declined or ends. */
export interface RingTone {
  play(): Promise<void> | void;
  stop(): void;
}

export type RingToneOption = 'default' | 'off' | RingTone;

/** The words the ringer shows outside the page (the tab title, the system notification): in `callAgentStrings`. */
export interface RingStrings {
  ringingTitle(title: string): string;
  notificationTitle: string;
  notificationBody(caller: string): string;
  unknownCaller: string;
}

/** What the ringer reads from its element; all optional, so any host works. */
export type RingerHost = HTMLElement & {
  ringTone?: RingToneOption;
  ringDevice?: string;
};

/**
 * Makes a ringing call noticed: a ring tone while the page is in view, and, when the page is hidden, the window
 * unfocused or the tone refused by the autoplay policy, a system notification and a "(Ringing)" tab title.
 * It sits between the session and the controller's observer, so the controller only wraps its observer with it.
 * Nothing rings when the page cancels `tpe-incoming-call`; `detail.ring` says what was done.
 */
export function ringer(host: RingerHost, observer: SessionObserver, words: () => RingStrings): SessionObserver {
  // Asked only while the agent's own click on Go online is still active: never out of the blue.
  if (navigator.userActivation?.isActive && globalThis.Notification?.permission === 'default') void Notification.requestPermission().catch(() => undefined);
  const ringing = new Map<string, { info: IncomingCallInfo; ring: RingDetail; notification?: Notification }>();
  let tone: RingTone | undefined;
  let title: string | undefined;

  const notify = (info: IncomingCallInfo, ring: RingDetail) => {
    if (globalThis.Notification?.permission !== 'granted') return;
    const t = words();
    const caller = callerWords(info.callerName, info.callerNumber, t.unknownCaller);
    try {
      const notification = new Notification(t.notificationTitle, { body: t.notificationBody(caller), tag: `tpe-call-${info.id}`, requireInteraction: true });
      notification.onclick = () => {
        window.focus();
        host.shadowRoot?.querySelector<HTMLElement>('[part~="accept-button"]')?.focus();
        notification.close();
      };
      ringing.get(info.id)!.notification = notification;
      ring.notification = true;
    } catch {
      // Some browsers (Android Chrome) construct notifications only from a service worker: the title still says it.
      ring.notification = false;
    }
  };

  const prefixTitle = (ring: RingDetail) => {
    if (title === undefined) {
      title = document.title;
      document.title = words().ringingTitle(title);
    }
    ring.title = true;
  };

  /** Rings outside the page: for an agent who is not looking, or who cannot hear the tone. */
  const fallBack = (info: IncomingCallInfo, ring: RingDetail) => {
    if (!ringing.get(info.id)?.notification) notify(info, ring);
    prefixTitle(ring);
  };

  /** The agent looked away while a call rings: tell them outside the page too. */
  const onAway = () => {
    if (document.visibilityState !== 'hidden' && document.hasFocus()) return;
    for (const { info, ring } of ringing.values()) fallBack(info, ring);
  };

  let watching = false;
  const stop = (id: string) => {
    const entry = ringing.get(id);
    if (!entry) return;
    ringing.delete(id);
    entry.notification?.close();
    if (ringing.size) return;
    watching = false;
    document.removeEventListener('visibilitychange', onAway);
    window.removeEventListener('blur', onAway);
    tone?.stop();
    tone = undefined;
    if (title !== undefined) document.title = title;
    title = undefined;
  };

  const stopAll = () => [...ringing.keys()].forEach(stop);

  const start = (info: IncomingCallInfo, ring: RingDetail) => {
    ringing.set(info.id, { info, ring });
    if (!watching) {
      watching = true;
      document.addEventListener('visibilitychange', onAway);
      window.addEventListener('blur', onAway);
    }
    if (ring.tone && !tone) {
      const option = host.ringTone;
      tone = typeof option === 'object' ? option : undefined;
      let playing = tone;
      const play = async () => {
        if (!playing) {
          const { WebAudioRingTone } = await import('./ring-tone.js');
          // The call stopped ringing while the tone was loading, or another call's tone got there first.
          if (!ringing.size || tone) return;
          tone = playing = new WebAudioRingTone(host.ringDevice);
        }
        await playing.play();
        // The call stopped ringing while the tone was starting.
        if (tone !== playing) playing.stop();
      };
      play().catch(() => {
        if (tone === playing) tone = undefined;
        ring.tone = false;
        if (ringing.has(info.id)) fallBack(info, ring);
      });
    }
    if (ring.title) fallBack(info, ring);
  };

  return {
    ...observer,
    incoming(info: IncomingCallInfo) {
      // What the element will do, said before the page decides; corrected if the tone is refused.
      const silenced = host.ringTone === 'off' || host.getAttribute('ring-tone') === 'off';
      const away = document.visibilityState === 'hidden' || !document.hasFocus();
      const ring: RingDetail = { tone: !silenced, notification: away && globalThis.Notification?.permission === 'granted', title: away };
      let event: Event | undefined;
      const see = (e: Event) => (event = e);
      host.addEventListener('tpe-incoming-call', see, { once: true });
      observer.incoming({ ...info, ring } as IncomingCallInfo);
      host.removeEventListener('tpe-incoming-call', see);
      if (event?.defaultPrevented) return void Object.assign(ring, { tone: false, notification: false, title: false });
      start(info, ring);
    },
    incomingEnded(id: string, ending: CallEnding) {
      stop(id);
      observer.incomingEnded(id, ending);
    },
    callState(call: ActiveCallInfo, previous: CallState) {
      stop(call.id);
      observer.callState(call, previous);
    },
    // Going offline, losing the token or leaving the page disposes the session: every ring ends with it.
    disposed() {
      stopAll();
      observer.disposed?.();
    },
  };
}
