/**
 * PowerShell reads U+2018 ‘ U+2019 ’ U+201A ‚ U+201B ‛ as single quotes too, so a name like "O’Brien" would
 * end a literal that only guarded the ASCII quote. Doubling each of them (as the ASCII one is doubled) keeps
 * the value exactly as the directory has it, where refusing them would turn away ordinary names.
 */
const SINGLE_QUOTES = /['\u2018\u2019\u201A\u201B]/g;

/**
 * Refused rather than quoted: C0 (CR, LF, TAB…), DEL, C1 (including U+0085 NEXT LINE) and the Unicode line
 * and paragraph separators all break or seem to break a line, and a value broken over lines would let
 * the rest of it escape a `#` comment or read as a command of its own in what the administrator copies.
 * The bidirectional overrides and isolates are refused too: they reorder what the administrator reads
 * without changing what runs, and a script must look like what it does.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is this pattern's job
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;

/** A value that cannot be put into a script shown to a person; `field` says which one it was. */
export class UnsafePowerShellValueError extends Error {
  constructor(
    readonly field: string,
    readonly codePoint: number,
  ) {
    super(`The ${field} cannot go into a PowerShell script: it contains the control character U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}.`);
    this.name = 'UnsafePowerShellValueError';
  }
}

/**
 * `value` as a PowerShell single-quoted string literal. Inside single quotes `$`, backticks and `#` are
 * plain characters, so doubling the quotes is the only escaping there is.
 *
 * @param field what the value is (e.g. "display name"), for the error when the value is refused
 * @throws UnsafePowerShellValueError when the value contains a control or line-breaking character
 */
export function powerShellLiteral(value: string, field: string): string {
  const unsafe = UNSAFE.exec(value);
  if (unsafe) throw new UnsafePowerShellValueError(field, unsafe[0].codePointAt(0)!);
  return `'${value.replace(SINGLE_QUOTES, (quote) => quote + quote)}'`;
}
