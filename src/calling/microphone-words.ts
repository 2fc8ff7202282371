import type { TpeErrorDetail } from '../tpe-error.js';
import { microphoneDenied } from './call-errors.js';

/**
 * What an agent is told about a microphone problem found before or between calls: what happened and what to
 * do, keyed by code. The check and the watcher share them; they belong in `<tpe-call-agent>`'s strings table
 * once the controller shows them, and live here until then so that both modules say the same thing.
 */
export const MICROPHONE_WORDS = {
  'microphone-missing': {
    message: 'No microphone is connected.',
    remedy: 'Plug in a headset or microphone.',
  },
  'microphone-not-connected': {
    message: 'The microphone you chose is not connected.',
    remedy: 'Plug it back in, or choose another microphone.',
  },
  'microphone-busy': {
    message: 'Another app is using your microphone.',
    remedy: 'Close the other app (or end its call), then go online again.',
  },
  'microphone-silent': {
    message: 'Your microphone sends no sound: it may be muted or broken.',
    remedy: 'Check the mute switch on your headset or its cable, or choose another microphone.',
  },
  'microphone-no-answer': {
    message: 'Your microphone did not start.',
    remedy: 'Answer the browser if it asks to use your microphone; otherwise reconnect it or restart the browser.',
  },
  'microphone-failed': {
    message: 'Your microphone could not be started.',
    remedy: 'Reconnect it or choose another microphone, then go online again.',
  },
  'microphone-unplugged': {
    message: 'Your microphone was unplugged.',
    remedy: 'Plug it back in, or choose another microphone.',
  },
} as const satisfies Record<string, { message: string; remedy: string }>;

export type MicrophoneProblemCode = keyof typeof MICROPHONE_WORDS | 'microphone-denied';

/** The detail for a microphone problem, in the shape of every other TPE error (`source: 'calling'`). */
export function microphoneProblem(code: MicrophoneProblemCode): TpeErrorDetail {
  // A refused permission is the same problem whether found now or when a call is answered: one set of words.
  if (code === 'microphone-denied') return microphoneDenied().toDetail();
  return { code, ...MICROPHONE_WORDS[code], source: 'calling' };
}
