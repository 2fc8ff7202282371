// A reader for the one piece of PowerShell syntax the provisioning script relies on, written from the
// language's rules rather than from the code under test, so the two can disagree.

/** What PowerShell takes for a single quote: the ASCII one and the four typographic ones. */
const QUOTES = new Set(["'", '\u2018', '\u2019', '\u201A', '\u201B']);

/**
 * The single-quoted literal that starts at `from`, read as PowerShell reads it: any quote character opens
 * it; inside, two quote characters in a row stand for one (the second), and a lone one closes it.
 */
export function readSingleQuoted(text: string, from: number): { value: string; end: number } {
  if (!QUOTES.has(text[from] ?? '')) throw new Error(`no single-quoted literal at ${from} in ${JSON.stringify(text)}`);
  let value = '';
  for (let i = from + 1; i < text.length; i++) {
    const c = text[i]!;
    if (!QUOTES.has(c)) {
      value += c;
    } else if (QUOTES.has(text[i + 1] ?? '')) {
      value += text[i + 1];
      i++;
    } else {
      return { value, end: i + 1 };
    }
  }
  throw new Error(`unterminated literal from ${from} in ${JSON.stringify(text)}`);
}

/** A part of an expected line: text that must be there as written, or a value that must be one literal. */
export type LinePart = string | { literal: string };

export const literal = (value: string): LinePart => ({ literal: value });

/**
 * Throws unless `line` is exactly `parts`: each text as written, each `literal` as one single-quoted literal
 * that reads back as the value, and nothing else before, between or after.
 */
export function expectLine(line: string, parts: LinePart[]): void {
  let at = 0;
  for (const part of parts) {
    if (typeof part === 'string') {
      if (!line.startsWith(part, at)) throw new Error(`expected ${JSON.stringify(part)} at ${at} in ${JSON.stringify(line)}`);
      at += part.length;
    } else {
      const { value, end } = readSingleQuoted(line, at);
      if (value !== part.literal) throw new Error(`the literal at ${at} reads ${JSON.stringify(value)}, not ${JSON.stringify(part.literal)}, in ${JSON.stringify(line)}`);
      at = end;
    }
  }
  if (at !== line.length) throw new Error(`unexpected ${JSON.stringify(line.slice(at))} after the expected text in ${JSON.stringify(line)}`);
}

/**
 * Throws unless `script` has exactly one line per entry of `lines`, each as `expectLine` wants it. Lines
 * break wherever an editor or a browser would break them, not only at LF.
 */
export function expectScript(script: string, lines: LinePart[][]): void {
  const actual = script.split(/\r\n|[\r\n\u0085\u2028\u2029]/);
  if (actual.length !== lines.length) throw new Error(`expected ${lines.length} lines, got ${actual.length}:\n${script}`);
  actual.forEach((line, i) => expectLine(line, lines[i]!));
}
