import type { RingTone } from './ringer.js';

/** The North American ring cadence: 440 Hz + 480 Hz, two seconds on, four off. */
const ON_S = 2;
const CYCLE_S = 6;

/**
 * The default ring tone, made with Web Audio so there is no audio file to ship. `sinkId` plays it on a
 * ringer device apart from the call's speaker, where the browser has AudioContext.setSinkId.
 */
export class WebAudioRingTone implements RingTone {
  #context?: AudioContext;
  #timer?: ReturnType<typeof setInterval>;

  constructor(private readonly sinkId?: string) {}

  async play(): Promise<void> {
    this.stop();
    const context = new AudioContext();
    this.#context = context;
    const sink = context as AudioContext & { setSinkId?: (id: string) => Promise<void> };
    // A ringer device that is gone rings on the default output rather than not at all.
    if (this.sinkId && sink.setSinkId) await sink.setSinkId(this.sinkId).catch(() => undefined);
    if (context.state !== 'running') await Promise.race([context.resume(), new Promise((r) => setTimeout(r, 300))]);
    // The autoplay policy holds a context suspended until the page has been clicked: the caller falls back.
    if (context.state !== 'running' || this.#context !== context) {
      if (this.#context === context) this.stop();
      throw new DOMException('The ring tone was not allowed to play.', 'NotAllowedError');
    }
    const gain = context.createGain();
    gain.gain.value = 0;
    gain.connect(context.destination);
    for (const frequency of [440, 480]) {
      const oscillator = context.createOscillator();
      oscillator.frequency.value = frequency;
      oscillator.connect(gain);
      oscillator.start();
    }
    const cycle = () => {
      const t = context.currentTime;
      gain.gain.setValueAtTime(0.15, t);
      gain.gain.setValueAtTime(0, t + ON_S);
    };
    cycle();
    this.#timer = setInterval(cycle, CYCLE_S * 1000);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    void this.#context?.close().catch(() => undefined);
    this.#context = undefined;
  }
}
