import type { TpeErrorDetail } from '../tpe-error.js';
import { browserMicrophoneId } from './microphone-check.js';
import { microphoneProblem } from './microphone-words.js';

/** The part of `MediaDevices` the watcher uses: its `devicechange` event and its list. */
export type MicrophoneList = EventTarget & Pick<MediaDevices, 'enumerateDevices'>;

export interface MicrophoneWatchOptions {
  /** The chosen microphone: a browser deviceId or the Calling SDK's `microphone:<deviceId>`; none or `default` follows the system's. */
  deviceId?: string;
  /** Told a problem when the microphone goes, `undefined` when one is back; only when that changes. */
  onChange(problem: TpeErrorDetail | undefined): void;
  /** Where microphones come from (default `navigator.mediaDevices`). */
  media?: MicrophoneList;
  /** How long devicechange must be quiet before the list is read again, in ms (default 250). */
  debounceMs?: number;
}

/** One plug or unplug fires devicechange several times (one per input and output it brings): read the list once. */
const DEFAULT_DEBOUNCE_MS = 250;

/**
 * Watches for the agent's microphone going away while online (an unplugged headset), so that the agent hears
 * of it before the next call rather than when a caller cannot hear them. Reads the list once at the start
 * (telling only of a problem), then after every burst of devicechange. Returns the function that stops it.
 */
export function watchMicrophones(options: MicrophoneWatchOptions): () => void {
  const { onChange, media = navigator.mediaDevices, debounceMs = DEFAULT_DEBOUNCE_MS } = options;
  const deviceId = browserMicrophoneId(options.deviceId);
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Only the newest read may speak: an older one that answers late says what is no longer true. */
  let reads = 0;
  let reported: TpeErrorDetail | undefined;

  const read = async () => {
    const ticket = ++reads;
    let devices: MediaDeviceInfo[];
    try {
      devices = await media.enumerateDevices();
    } catch {
      return; // A list that cannot be read proves nothing; the next devicechange reads it again.
    }
    if (stopped || ticket !== reads) return;
    const problem = missing(devices, deviceId);
    if (problem?.code === reported?.code) return;
    reported = problem;
    onChange(problem);
  };
  const onDeviceChange = () => {
    clearTimeout(timer);
    timer = setTimeout(read, debounceMs);
  };

  media.addEventListener('devicechange', onDeviceChange);
  void read();
  return () => {
    stopped = true;
    clearTimeout(timer);
    media.removeEventListener('devicechange', onDeviceChange);
  };
}

function missing(devices: MediaDeviceInfo[], deviceId: string | undefined): TpeErrorDetail | undefined {
  const inputs = devices.filter((d) => d.kind === 'audioinput');
  if (inputs.length === 0) return microphoneProblem('microphone-missing');
  // The system's default moves to another input by itself; and without permission the list has no ids to look for.
  if (!deviceId || deviceId === 'default' || inputs.some((d) => !d.deviceId)) return undefined;
  return inputs.some((d) => d.deviceId === deviceId) ? undefined : microphoneProblem('microphone-unplugged');
}
