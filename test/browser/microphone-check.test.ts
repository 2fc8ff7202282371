import { expect } from '@open-wc/testing';
import { microphoneDenied } from '../../src/calling/call-errors.js';
import { checkMicrophone, type MicrophoneSource } from '../../src/calling/microphone-check.js';
import { watchMicrophones } from '../../src/calling/microphone-watch.js';
import type { TpeErrorDetail } from '../../src/tpe-error.js';

// Chromium runs with a fake microphone (a live track carrying a beep) and grants every prompt, so the answers
// a browser gives in the other cases come from a `media` source that answers exactly as the browser would.

/** The real microphones, remembering every stream handed out, so that a test can see each one was closed. */
function recorded(open: MicrophoneSource['getUserMedia'] = (c) => navigator.mediaDevices.getUserMedia(c)) {
  const streams: MediaStream[] = [];
  const asked: Array<MediaStreamConstraints | undefined> = [];
  const media: MicrophoneSource = {
    enumerateDevices: () => navigator.mediaDevices.enumerateDevices(),
    getUserMedia: async (constraints) => {
      asked.push(constraints);
      const stream = await open(constraints);
      streams.push(stream);
      return stream;
    },
  };
  const tracks = () => streams.flatMap((s) => s.getTracks());
  return { media, asked, streams, tracks };
}

/** A browser that refuses the microphone the way it does: a DOMException with the real name. */
function refusing(name: string): MicrophoneSource {
  return {
    enumerateDevices: () => navigator.mediaDevices.enumerateDevices(),
    getUserMedia: () => Promise.reject(new DOMException(`The browser said ${name}.`, name)),
  };
}

/**
 * Every AudioContext the check makes (to see that each is closed), and the moment it starts listening: when it
 * connects the microphone to its analyser.
 */
function spiedAudioContexts() {
  const made: AudioContext[] = [];
  let listening!: () => void;
  const started = new Promise<void>((resolve) => (listening = resolve));
  const Real = window.AudioContext;
  class Spied extends Real {
    constructor(options?: AudioContextOptions) {
      super(options);
      made.push(this);
    }
    override createMediaStreamSource(stream: MediaStream): MediaStreamAudioSourceNode {
      const source = super.createMediaStreamSource(stream);
      listening();
      return source;
    }
  }
  window.AudioContext = Spied;
  return { made, listening: started, restore: () => (window.AudioContext = Real) };
}

/** The browser's answer to "may this page use the microphone?": `prompt` means it will ask the agent first. */
function permission(state: PermissionState): Pick<Permissions, 'query'> {
  return { query: async () => Object.assign(new EventTarget(), { name: 'microphone', state, onchange: null }) as PermissionStatus };
}

/** A task later: every promise callback waiting on what just settled has run (the check's is one). */
function promiseCallbacksRun(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function expectProblem(detail: TpeErrorDetail, code: string): void {
  expect(detail.code).to.equal(code);
  expect(detail.message).to.not.equal('');
  expect(detail.remedy).to.not.equal('');
  expect(detail.source).to.equal('calling');
}

/** The fake microphones' real ids (the page is allowed to see them once it has opened one). */
async function fakeMicrophones(): Promise<MediaDeviceInfo[]> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  for (const track of stream.getTracks()) track.stop();
  const inputs = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'audioinput');
  return inputs.filter((d) => d.deviceId !== 'default' && d.deviceId !== 'communications');
}

describe('checking the microphone when the agent goes online', () => {
  let contexts: ReturnType<typeof spiedAudioContexts>;
  /** The real list, read once and then answered at once: a test's short bound is then getUserMedia's alone. */
  let devices: MediaDeviceInfo[];
  const listedAtOnce = async () => devices;
  before(async () => (devices = await navigator.mediaDevices.enumerateDevices()));
  beforeEach(() => (contexts = spiedAudioContexts()));
  afterEach(() => contexts.restore());

  it('hears the microphone: ok, with a level above silence', async () => {
    const result = await checkMicrophone();
    expect(result.status).to.equal('ok');
    expect(result.status === 'ok' && result.level).to.be.greaterThan(0);
  });

  it('leaves no microphone (nor audio context) open once it has listened', async () => {
    const { media, streams, tracks } = recorded();
    const result = await checkMicrophone({ media });
    expect(result.status).to.equal('ok');
    expect(streams).to.have.length(1);
    expect(tracks().map((t) => t.readyState)).to.deep.equal(['ended']);
    expect(contexts.made.map((c) => c.state)).to.deep.equal(['closed']);
  });

  it('opens the microphone the agent chose, named as the Calling SDK names it', async () => {
    const [chosen] = await fakeMicrophones();
    const { media, tracks } = recorded();
    const result = await checkMicrophone({ media, deviceId: `microphone:${chosen.deviceId}` });
    expect(result.status).to.equal('ok');
    expect(tracks()[0].getSettings().deviceId).to.equal(chosen.deviceId);
  });

  it('says the chosen microphone is not connected when the browser has no such device', async () => {
    const result = await checkMicrophone({ deviceId: 'a-headset-that-was-unplugged' });
    expect(result.status).to.equal('no-device');
    if (result.status !== 'ok') expectProblem(result.problem, 'microphone-not-connected');
  });

  for (const name of ['NotAllowedError', 'SecurityError']) {
    it(`says how to allow the microphone when the browser refuses it (${name})`, async () => {
      const result = await checkMicrophone({ media: refusing(name) });
      expect(result.status).to.equal('denied');
      // The same words as when a call is answered without permission.
      if (result.status !== 'ok') expect(result.problem).to.deep.equal(microphoneDenied().toDetail());
    });
  }

  it('says no microphone is connected when the browser finds none (NotFoundError)', async () => {
    const result = await checkMicrophone({ media: refusing('NotFoundError') });
    expect(result.status).to.equal('no-device');
    if (result.status !== 'ok') expectProblem(result.problem, 'microphone-missing');
  });

  it('says no microphone is connected, without asking for permission, when the list has no audio input', async () => {
    const { media, asked } = recorded();
    media.enumerateDevices = async () => (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind !== 'audioinput');
    const result = await checkMicrophone({ media });
    expect(result.status).to.equal('no-device');
    if (result.status !== 'ok') expectProblem(result.problem, 'microphone-missing');
    expect(asked).to.have.length(0);
  });

  it('says another app holds the microphone (NotReadableError)', async () => {
    const result = await checkMicrophone({ media: refusing('NotReadableError') });
    expect(result.status).to.equal('busy');
    if (result.status !== 'ok') expectProblem(result.problem, 'microphone-busy');
  });

  it('says the microphone sends no sound when it delivers digital silence, and closes it', async () => {
    const silence = new AudioContext();
    try {
      // A destination with nothing connected: a live track whose every sample is zero, as a muted headset's.
      const { media, tracks } = recorded(async () => silence.createMediaStreamDestination().stream);
      const result = await checkMicrophone({ media, listenMs: 300 });
      expect(result.status).to.equal('silent');
      if (result.status !== 'ok') expectProblem(result.problem, 'microphone-silent');
      expect(tracks().map((t) => t.readyState)).to.deep.equal(['ended']);
      expect(contexts.made.filter((c) => c !== silence).map((c) => c.state)).to.deep.equal(['closed']);
    } finally {
      await silence.close();
    }
  });

  it('says the microphone was unplugged when its track ends while the check listens', async () => {
    const { media, tracks } = recorded();
    const checking = checkMicrophone({ media });
    await contexts.listening;
    // What the browser does to a track whose device is pulled out: it ends it.
    for (const track of tracks()) track.stop();
    const result = await checking;
    expect(result.status).to.equal('no-device');
    if (result.status !== 'ok') expectProblem(result.problem, 'microphone-unplugged');
  });

  it('gives up on a browser that never opens the microphone, and says so', async () => {
    const hanging: MicrophoneSource = { enumerateDevices: listedAtOnce, getUserMedia: () => new Promise(() => undefined) };
    const result = await checkMicrophone({ media: hanging, timeoutMs: 50, permissions: permission('granted') });
    expect(result.status).to.equal('no-answer');
    if (result.status !== 'ok') expectProblem(result.problem, 'microphone-no-answer');
  });

  it('gives the agent time to answer the permission prompt: longer than a device may take to start', async () => {
    const media: MicrophoneSource = {
      enumerateDevices: listedAtOnce,
      // The agent answers the prompt after the device's bound (none at all) has passed.
      getUserMedia: (c) => new Promise((resolve) => setTimeout(() => resolve(navigator.mediaDevices.getUserMedia(c)), 50)),
    };
    const result = await checkMicrophone({ media, timeoutMs: 0, permissions: permission('prompt') });
    expect(result.status).to.equal('ok');
  });

  it('gives up on a prompt the agent never answers, and says to answer it', async () => {
    const hanging: MicrophoneSource = { enumerateDevices: listedAtOnce, getUserMedia: () => new Promise(() => undefined) };
    const result = await checkMicrophone({ media: hanging, answerMs: 50, permissions: permission('prompt') });
    expect(result.status).to.equal('no-answer');
    if (result.status !== 'ok') expect(result.problem.remedy).to.match(/asks/);
  });

  it('closes a microphone the browser opens after the check gave up on it', async () => {
    let open!: (stream: MediaStream) => void;
    const late = new Promise<MediaStream>((resolve) => (open = resolve));
    let asked = false;
    const media: MicrophoneSource = { enumerateDevices: listedAtOnce, getUserMedia: () => ((asked = true), late) };
    const result = await checkMicrophone({ media, timeoutMs: 50, permissions: permission('granted') });
    expect(result.status).to.equal('no-answer');
    expect(asked).to.equal(true);
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    open(stream);
    await promiseCallbacksRun();
    expect(stream.getTracks().map((t) => t.readyState)).to.deep.equal(['ended']);
  });

  it('stops listening when it is aborted, and closes the microphone and its audio context', async () => {
    const abort = new AbortController();
    const { media, tracks } = recorded();
    // Longer than the test's own time limit: only the abort can end it.
    const checking = checkMicrophone({ media, listenMs: 60_000, signal: abort.signal });
    await contexts.listening;
    abort.abort();
    const error = await checking.then(() => undefined, (e: unknown) => e);
    expect((error as Error)?.name).to.equal('AbortError');
    expect(tracks().map((t) => t.readyState)).to.deep.equal(['ended']);
    expect(contexts.made.map((c) => c.state)).to.deep.equal(['closed']);
  });

  it('stops waiting for the browser when it is aborted, and closes what the browser opens later', async () => {
    let open!: (stream: MediaStream) => void;
    const late = new Promise<MediaStream>((resolve) => (open = resolve));
    let asked!: () => void;
    const asking = new Promise<void>((resolve) => (asked = resolve));
    const media: MicrophoneSource = {
      enumerateDevices: () => navigator.mediaDevices.enumerateDevices(),
      getUserMedia: () => (asked(), late),
    };
    const abort = new AbortController();
    const checking = checkMicrophone({ media, signal: abort.signal });
    await asking;
    abort.abort();
    const error = await checking.then(() => undefined, (e: unknown) => e);
    expect((error as Error)?.name).to.equal('AbortError');
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    open(stream);
    await promiseCallbacksRun();
    expect(stream.getTracks().map((t) => t.readyState)).to.deep.equal(['ended']);
  });

  it('opens nothing when already aborted', async () => {
    const { media, asked } = recorded();
    const abort = new AbortController();
    abort.abort();
    const error = await checkMicrophone({ media, signal: abort.signal }).then(() => undefined, (e: unknown) => e);
    expect((error as Error)?.name).to.equal('AbortError');
    expect(asked).to.have.length(0);
  });
});

/**
 * The real MediaDevices' list, with microphones that a test can unplug and plug back: each change fires a
 * real `devicechange`, as the browser does when a headset is pulled.
 */
class PluggableMicrophones extends EventTarget {
  readonly unplugged = new Set<string>();
  allUnplugged = false;
  /** Lists inputs as Firefox does: no `default` (or `communications`) entry beside the devices. */
  withoutDefaultEntry = false;
  reads = 0;
  listeners = 0;
  #readDone?: () => void;

  async enumerateDevices(): Promise<MediaDeviceInfo[]> {
    const devices = await navigator.mediaDevices.enumerateDevices();
    this.reads++;
    // A task later, so that whatever the reader did with the answer (promise callbacks only) has happened.
    setTimeout(() => this.#readDone?.(), 0);
    const aliases = this.withoutDefaultEntry ? ['default', 'communications'] : [];
    return devices.filter((d) => d.kind !== 'audioinput' || (!this.allUnplugged && !this.unplugged.has(d.deviceId) && !aliases.includes(d.deviceId)));
  }

  /** Settles once the next read of the list has been answered (and its answer looked at). */
  nextRead(): Promise<void> {
    return new Promise((resolve) => (this.#readDone = resolve));
  }

  unplug(id: string): void {
    this.unplugged.add(id);
    this.dispatchEvent(new Event('devicechange'));
  }

  plugIn(id: string): void {
    this.unplugged.delete(id);
    this.dispatchEvent(new Event('devicechange'));
  }

  unplugAll(): void {
    this.allUnplugged = true;
    this.dispatchEvent(new Event('devicechange'));
  }

  plugAllBack(): void {
    this.allUnplugged = false;
    this.dispatchEvent(new Event('devicechange'));
  }

  override addEventListener(...args: Parameters<EventTarget['addEventListener']>): void {
    if (args[0] === 'devicechange') this.listeners++;
    super.addEventListener(...args);
  }

  override removeEventListener(...args: Parameters<EventTarget['removeEventListener']>): void {
    if (args[0] === 'devicechange') this.listeners--;
    super.removeEventListener(...args);
  }
}

/** What the watcher said, in order, each awaited as it comes. */
function heard() {
  const said: Array<TpeErrorDetail | undefined> = [];
  const waiting: Array<(problem: TpeErrorDetail | undefined) => void> = [];
  return {
    said,
    onChange(problem: TpeErrorDetail | undefined) {
      said.push(problem);
      waiting.shift()?.(problem);
    },
    next(): Promise<TpeErrorDetail | undefined> {
      return new Promise((resolve) => waiting.push(resolve));
    },
  };
}

describe('watching the microphone while the agent is online', () => {
  let chosen: string;
  const stops: Array<() => void> = [];

  before(async () => {
    chosen = (await fakeMicrophones())[0].deviceId;
  });

  afterEach(() => stops.splice(0).forEach((stop) => stop()));

  it('says the chosen microphone was unplugged, then that it is back', async () => {
    const media = new PluggableMicrophones();
    const changes = heard();
    const started = media.nextRead();
    stops.push(watchMicrophones({ media, deviceId: chosen, onChange: changes.onChange }));
    await started;

    const gone = changes.next();
    media.unplug(chosen);
    expectProblem((await gone)!, 'microphone-unplugged');

    const back = changes.next();
    media.plugIn(chosen);
    expect(await back).to.equal(undefined);
    expect(changes.said).to.have.length(2);
  });

  // Chromium lists a `default` entry that moves to another input by itself; Firefox lists no such entry.
  for (const browser of ['Chromium', 'Firefox'] as const) {
    it(`follows the system default (${browser}'s list): one microphone leaving is no problem, the last one leaving is`, async () => {
      const media = new PluggableMicrophones();
      media.withoutDefaultEntry = browser === 'Firefox';
      const changes = heard();
      const started = media.nextRead();
      stops.push(watchMicrophones({ media, deviceId: 'default', onChange: changes.onChange }));
      await started;

      const readAfterUnplug = media.nextRead();
      media.unplug(chosen);
      await readAfterUnplug;
      expect(changes.said).to.deep.equal([]);

      const gone = changes.next();
      media.unplugAll();
      expectProblem((await gone)!, 'microphone-missing');

      const back = changes.next();
      media.plugAllBack();
      expect(await back).to.equal(undefined);
    });
  }

  it('says at once when the microphone (named as the Calling SDK names it) is already gone', async () => {
    const media = new PluggableMicrophones();
    media.unplugged.add(chosen);
    const changes = heard();
    const gone = changes.next();
    stops.push(watchMicrophones({ media, deviceId: `microphone:${chosen}`, onChange: changes.onChange }));
    expectProblem((await gone)!, 'microphone-unplugged');
  });

  it('reads the list once for a burst of devicechange (one headset brings an input and an output)', async () => {
    const media = new PluggableMicrophones();
    const changes = heard();
    const started = media.nextRead();
    stops.push(watchMicrophones({ media, deviceId: chosen, onChange: changes.onChange }));
    await started;
    const readsBefore = media.reads;

    const gone = changes.next();
    media.unplug(chosen);
    for (let i = 0; i < 4; i++) media.dispatchEvent(new Event('devicechange'));
    expectProblem((await gone)!, 'microphone-unplugged');
    expect(media.reads - readsBefore).to.equal(1);
  });

  it('leaves no listener behind once stopped', async () => {
    const media = new PluggableMicrophones();
    const stop = watchMicrophones({ media, deviceId: chosen, onChange: () => undefined });
    expect(media.listeners).to.equal(1);
    stop();
    expect(media.listeners).to.equal(0);
  });
});
