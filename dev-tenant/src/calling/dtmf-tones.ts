import { badRequest } from './call-codes.js';

/** The SDK's `DtmfTone` names and the character the far end hears. */
const DTMF_TONES: Record<string, string> = {
  Num0: '0',
  Num1: '1',
  Num2: '2',
  Num3: '3',
  Num4: '4',
  Num5: '5',
  Num6: '6',
  Num7: '7',
  Num8: '8',
  Num9: '9',
  Star: '*',
  Pound: '#',
  A: 'A',
  B: 'B',
  C: 'C',
  D: 'D',
  // Flash (a hook flash) has no keypad character; F keeps the record at one character per tone.
  Flash: 'F',
};

export function dtmfCharacter(tone: unknown): string {
  if (typeof tone !== 'string' || !Object.hasOwn(DTMF_TONES, tone)) {
    throw badRequest(`"tone" must be a DtmfTone: ${Object.keys(DTMF_TONES).join(', ')}; not ${JSON.stringify(tone)}.`);
  }
  return DTMF_TONES[tone]!;
}
