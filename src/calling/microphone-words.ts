import { errorDetail } from '../messages/error-words.js';
import { errorsMicrophoneEn } from '../messages/errors.microphone.en.js';
import type { TpeErrorDetail } from '../tpe-error.js';

/** What an agent is told about a microphone problem found before or between calls (the words: src/messages/). */
export type MicrophoneProblemCode =
  | 'microphone-missing'
  | 'microphone-not-connected'
  | 'microphone-busy'
  | 'microphone-silent'
  | 'microphone-no-answer'
  | 'microphone-failed'
  | 'microphone-unplugged'
  | 'microphone-denied';

/** The detail for a microphone problem, in the shape of every other TPE error (`source: 'calling'`). */
export function microphoneProblem(code: MicrophoneProblemCode): TpeErrorDetail {
  // A refused permission is the same problem whether found now or when a call is answered: one set of words.
  return errorDetail(errorsMicrophoneEn, code, 'calling');
}
