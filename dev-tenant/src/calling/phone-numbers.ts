/** Short numbers that reach emergency services without being E.164 (US, EU, UK, and 933 the US test line). */
export const EMERGENCY_NUMBERS = ['911', '112', '999', '933'] as const;

const E164 = /^\+[1-9]\d{1,14}$/;

/** `tel:+14255550100` and `+14255550100` name the same number; compare and show them without `tel:`. */
export function normalisePhoneNumber(value: string): string {
  const trimmed = value.trim();
  return trimmed.toLowerCase().startsWith('tel:') ? trimmed.slice('tel:'.length) : trimmed;
}

export function isE164(value: string): boolean {
  return E164.test(normalisePhoneNumber(value));
}

export function isEmergencyNumber(value: string): boolean {
  return (EMERGENCY_NUMBERS as readonly string[]).includes(normalisePhoneNumber(value));
}

export function samePhoneNumber(a: string, b: string): boolean {
  return normalisePhoneNumber(a) === normalisePhoneNumber(b);
}
