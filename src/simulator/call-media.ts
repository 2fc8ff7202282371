import type { SimDeviceManager } from './device-manager.js';

const TONE_HZ = 440;

/**
 * A connected call's media: the agent's microphone (captured, muted by disabling the track) and the far
 * end, which plays a quiet test tone on the selected speaker so that a person trying the demo hears the call.
 */
export class CallMedia {
  #microphone?: MediaStream;
  #context?: AudioContext;
  #farEnd?: MediaStream;
  #stopped = false;

  constructor(private readonly devices: SimDeviceManager) {}

  /** The far end's audio, as the SDK's remote audio stream gives it. */
  get farEndStream(): MediaStream | undefined {
    return this.#farEnd;
  }

  async start(muted: boolean): Promise<void> {
    const microphoneId = this.devices.selectedMicrophone?.id;
    const microphone = await navigator.mediaDevices.getUserMedia({ audio: microphoneId ? { deviceId: microphoneId } : true });
    if (this.#stopped) return stopTracks(microphone);
    this.#microphone = microphone;
    this.setMuted(muted);

    const context = new AudioContext();
    this.#context = context;
    const oscillator = context.createOscillator();
    oscillator.frequency.value = TONE_HZ;
    const gain = context.createGain();
    gain.gain.value = 0.05;
    const toStream = context.createMediaStreamDestination();
    oscillator.connect(gain);
    gain.connect(context.destination);
    gain.connect(toStream);
    oscillator.start();
    this.#farEnd = toStream.stream;
    const speakerId = this.devices.selectedSpeaker?.id;
    const sink = context as AudioContext & { setSinkId?: (id: string) => Promise<void> };
    if (speakerId && speakerId !== 'default' && sink.setSinkId) await sink.setSinkId(speakerId).catch(() => undefined);
  }

  setMuted(muted: boolean): void {
    for (const track of this.#microphone?.getAudioTracks() ?? []) track.enabled = !muted;
  }

  /** On hold nobody hears anybody. */
  setHeld(held: boolean): void {
    if (!this.#context || this.#context.state === 'closed') return;
    void (held ? this.#context.suspend() : this.#context.resume());
  }

  stop(): void {
    this.#stopped = true;
    if (this.#microphone) stopTracks(this.#microphone);
    if (this.#context && this.#context.state !== 'closed') void this.#context.close();
    this.#microphone = undefined;
    this.#context = undefined;
    this.#farEnd = undefined;
  }
}

function stopTracks(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}
