import type { TpeErrorDetail } from '../tpe-error.js';
import { microphoneProblem, type MicrophoneProblemCode } from './microphone-words.js';

/** The part of `MediaDevices` the check uses: a page or a test may hand in another source. */
export type MicrophoneSource = Pick<MediaDevices, 'getUserMedia' | 'enumerateDevices'>;

export interface MicrophoneCheckOptions {
  /** The chosen microphone: a browser deviceId or the Calling SDK's `microphone:<deviceId>`; none or `default` is the system's. */
  deviceId?: string;
  /** How long to listen for sound, in ms (default 1000). */
  listenMs?: number;
  /** How long the browser may take to open the microphone, in ms (default 10 000): some systems never answer. */
  timeoutMs?: number;
  /** How long the agent may take to answer the browser's permission prompt, in ms (default 60 000). */
  answerMs?: number;
  signal?: AbortSignal;
  /** Where microphones come from (default `navigator.mediaDevices`). */
  media?: MicrophoneSource;
  /** Whether the browser will ask first (default `navigator.permissions`; absent: assumed not). */
  permissions?: Pick<Permissions, 'query'>;
}

export type MicrophoneProblemKind = 'denied' | 'no-device' | 'busy' | 'silent' | 'no-answer' | 'failed';

/**
 * What the check found. `level` is the loudest sample heard (1 is full scale); it is undefined when the page may not play
 * audio yet (the autoplay policy holds Web Audio until a click), so the microphone opened but was not measured.
 */
export type MicrophoneCheck =
  | { status: 'ok'; level: number | undefined }
  | { status: MicrophoneProblemKind; problem: TpeErrorDetail };

const DEFAULT_LISTEN_MS = 1000;
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_ANSWER_MS = 60_000;
/** A permission query answers at once where it is supported; one that does not is treated as unsupported. */
const QUERY_MS = 1000;
/** Below one step of 16-bit audio: what a muted switch or a dead device delivers, while any live microphone hisses above it. */
const SILENCE = 1 / 32768;
/** The longest analyser buffer (~0.7 s at 48 kHz), read every POLL_MS, so that no stretch of the window goes unheard. */
const FFT_SIZE = 32768;
const POLL_MS = 100;
/** How long a suspended AudioContext may take to start before the level is given up as unmeasurable. */
const RESUME_MS = 300;
const TIMED_OUT = Symbol('timed out');

/** The browser's deviceId for a microphone the Calling SDK names `microphone:<deviceId>` (the simulator uses the bare id). */
export function browserMicrophoneId(id: string | undefined): string | undefined {
  const bare = id?.startsWith('microphone:') ? id.slice('microphone:'.length) : id;
  return bare || undefined;
}

/**
 * Opens the agent's microphone once, listens for a moment and closes it again, to find a refused permission,
 * a missing, busy or silent microphone when the agent goes online rather than when a caller is waiting.
 * Run it from the agent's click: the browser may ask for permission. Rejects only with an AbortError.
 * Whatever happens, every track it opened is stopped and its AudioContext closed before it settles.
 */
export async function checkMicrophone(options: MicrophoneCheckOptions = {}): Promise<MicrophoneCheck> {
  const { signal, media = navigator.mediaDevices, permissions = navigator.permissions } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deviceId = browserMicrophoneId(options.deviceId);
  throwIfAborted(signal);
  if (!media) return problem('no-device', 'microphone-missing');

  // Before any prompt: a browser lists one entry per kind it has, even without permission (with no ids).
  // A list that cannot be read proves nothing; getUserMedia then says what is wrong.
  const devices = await bounded(promised(() => media.enumerateDevices()), timeoutMs, signal).catch((error) => {
    if (signal?.aborted) throw error;
    return undefined;
  });
  if (devices === TIMED_OUT) return problem('no-answer', 'microphone-no-answer');
  if (devices && !devices.some((d) => d.kind === 'audioinput')) return problem('no-device', 'microphone-missing');

  // While the browser asks the agent, getUserMedia waits for a person reading a prompt, not for a device.
  const bound = (await willAsk(permissions, signal)) ? (options.answerMs ?? DEFAULT_ANSWER_MS) : timeoutMs;
  const opening = promised(() => media.getUserMedia({ audio: deviceId && deviceId !== 'default' ? { deviceId: { exact: deviceId } } : true }));
  let stream: MediaStream | typeof TIMED_OUT;
  try {
    stream = await bounded(opening, bound, signal);
  } catch (error) {
    // A stream that arrives after we stopped waiting would keep the recording indicator on: close it.
    void opening.then(stopTracks, () => undefined);
    if (signal?.aborted) throw abortError();
    return openingFailed(error, deviceId);
  }
  if (stream === TIMED_OUT) {
    void opening.then(stopTracks, () => undefined);
    return problem('no-answer', 'microphone-no-answer');
  }

  try {
    const level = await loudest(stream, options.listenMs ?? DEFAULT_LISTEN_MS, signal);
    // The browser ends a track whose device went away: pulled out while we listened, it is not silent but gone.
    if (stream.getAudioTracks().some((t) => t.readyState === 'ended')) return problem('no-device', 'microphone-unplugged');
    if (level !== undefined && level < SILENCE) return problem('silent', 'microphone-silent');
    return { status: 'ok', level };
  } finally {
    stopTracks(stream);
  }
}

async function willAsk(permissions: Pick<Permissions, 'query'> | undefined, signal: AbortSignal | undefined): Promise<boolean> {
  try {
    const status = permissions && (await bounded(promised(() => permissions.query({ name: 'microphone' })), QUERY_MS, signal));
    return status !== undefined && status !== TIMED_OUT && status.state === 'prompt';
  } catch (error) {
    if (signal?.aborted) throw error;
    return false; // A browser that cannot be asked about 'microphone' (a TypeError): the device's bound applies.
  }
}

function openingFailed(error: unknown, deviceId: string | undefined): MicrophoneCheck {
  switch ((error as Error)?.name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return problem('denied', 'microphone-denied');
    case 'NotFoundError':
      return problem('no-device', 'microphone-missing');
    case 'OverconstrainedError':
      // Only the deviceId is constrained: the chosen microphone is gone (or was never there).
      return problem('no-device', deviceId ? 'microphone-not-connected' : 'microphone-missing');
    case 'NotReadableError':
      return problem('busy', 'microphone-busy');
    default:
      return problem('failed', 'microphone-failed');
  }
}

/** The loudest sample the stream carried over `listenMs`, through an analyser that is closed when done. */
async function loudest(stream: MediaStream, listenMs: number, signal: AbortSignal | undefined): Promise<number | undefined> {
  let context: AudioContext;
  try {
    context = new AudioContext();
  } catch {
    return undefined; // No audio for this page (a browser's limit on contexts): the microphone opened, unmeasured.
  }
  try {
    if (context.state !== 'running') await Promise.race([context.resume().catch(() => undefined), delay(RESUME_MS, signal)]);
    throwIfAborted(signal);
    if (context.state !== 'running') return undefined;
    const analyser = new AnalyserNode(context, { fftSize: FFT_SIZE });
    // Not connected to the speakers: the agent must not hear themselves; Chromium pulls an analyser regardless.
    context.createMediaStreamSource(stream).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const until = performance.now() + listenMs;
    let peak = 0;
    for (;;) {
      await delay(Math.min(POLL_MS, Math.max(0, until - performance.now())), signal);
      analyser.getFloatTimeDomainData(samples);
      for (const sample of samples) peak = Math.max(peak, Math.abs(sample));
      if (performance.now() >= until) return peak;
    }
  } finally {
    await context.close().catch(() => undefined);
  }
}

function problem(status: MicrophoneProblemKind, code: MicrophoneProblemCode): MicrophoneCheck {
  return { status, problem: microphoneProblem(code) };
}

/** The promise's value, TIMED_OUT after `ms`, or an AbortError when the signal fires first. */
function bounded<T>(promise: Promise<T>, ms: number, signal: AbortSignal | undefined): Promise<T | typeof TIMED_OUT> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const onAbort = () => settle(() => reject(abortError()));
    const timer = setTimeout(() => settle(() => resolve(TIMED_OUT)), ms);
    const settle = (then: () => void) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      then();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => settle(() => resolve(value)),
      (error) => settle(() => reject(error)),
    );
  });
}

/** What `call` returns, with a synchronous throw (a source that is not quite MediaDevices) as a rejection. */
async function promised<T>(call: () => Promise<T>): Promise<T> {
  return call();
}

function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError();
}

/** Always an AbortError, whatever reason the signal carries, so that owners can tell a stop from a failure (isAbort). */
function abortError(): DOMException {
  return new DOMException('The microphone check was stopped.', 'AbortError');
}

function stopTracks(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}
