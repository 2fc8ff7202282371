/**
 * Two-digit country codes (ITU E.164 assignments); 1 and 7 are the only one-digit codes and every other code
 * has three digits. Country codes are prefix-free, so the first match is the code.
 */
const TWO_DIGIT_CODES: ReadonlySet<number> = new Set([
  20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56, 57, 58,
  60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98,
]);

function countryCodeLength(digits: string): number {
  if (digits[0] === '1' || digits[0] === '7') return 1;
  return TWO_DIGIT_CODES.has(Number(digits.slice(0, 2))) ? 2 : 3;
}

/**
 * An E.164 number grouped for a person to read: `+1 425 555 0100` (NANP's 3-3-4), and for other countries the
 * country code, then the national number in threes with the last four together (`+44 207 946 0958`, `+49 30 123 4567`), a
 * grouping that reads well everywhere without a numbering-plan table. Anything that is not E.164 (`911`, an
 * agent id) comes back as it was, without `tel:`. Machines keep the E.164: this is for the eye only.
 */
export function formatPhoneNumber(number: string): string {
  const plain = number.replace(/^tel:/i, '');
  if (!/^\+[1-9]\d{6,14}$/.test(plain)) return plain;
  const digits = plain.slice(1);
  const cc = countryCodeLength(digits);
  const national = digits.slice(cc);
  // Threes from the right, so that a short group comes first, where a short area code would be.
  const groups = [national.slice(-4)];
  for (let end = national.length - 4; end > 0; end -= 3) groups.unshift(national.slice(Math.max(0, end - 3), end));
  return `+${digits.slice(0, cc)} ${groups.join(' ')}`;
}

/** Who calls, in one phrase for an announcement or a notification: "Dana Whitfield, +1 206 555 0199", or `unknown`. */
export function callerWords(name: string | undefined, number: string | undefined, unknown: string): string {
  return [name, number && formatPhoneNumber(number)].filter(Boolean).join(', ') || unknown;
}
