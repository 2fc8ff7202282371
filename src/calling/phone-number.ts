import { tpeError } from '../messages/error-words.js';
import { errorsCallingEn } from '../messages/errors.calling.en.js';

/** Short numbers that reach emergency services; dialed as they are, never rewritten to E.164. */
export const EMERGENCY_NUMBERS: readonly string[] = ['911', '112', '999', '933'];

/**
 * The number as the service wants it (E.164, `+` and 7–15 digits), from what a person typed: spaces, dots,
 * dashes and brackets are dropped, a leading `00` becomes `+`. Anything else is refused before dialing.
 */
export function normalizePhoneNumber(input: string): string {
  const compact = input.trim().replace(/^tel:/i, '').replace(/[\s().-]/g, '').replace(/^00/, '+');
  if (EMERGENCY_NUMBERS.includes(compact)) return compact;
  if (/^\+[1-9]\d{6,14}$/.test(compact)) return compact;
  throw tpeError(errorsCallingEn, 'invalid-number', 'calling', { input: input.trim() });
}
