/** What went wrong, said for people: a stable code, a plain sentence and what to do about it (English; see src/messages/). */
export interface TpeErrorDetail {
  code: string;
  message: string;
  remedy: string;
  /** Which part failed: `msal`, `proxy`, `graph`, `acs`, `calling`, or `config`. */
  source: string;
  /** When a busy service said how long to wait (its Retry-After), in seconds. */
  retryAfterSeconds?: number;
  /**
   * The data the sentences were made with (seconds, a typed number, an SDK code…), so that a screen can say
   * the same failure in its own language from its `strings.errors[code]`. Never a secret.
   */
  values?: TpeErrorValues;
}

export type TpeErrorValues = Readonly<Record<string, string | number | undefined>>;

export class TpeError extends Error implements TpeErrorDetail {
  constructor(
    readonly code: string,
    message: string,
    readonly remedy: string,
    readonly source: string,
    readonly retryAfterSeconds?: number,
    readonly values?: TpeErrorValues,
  ) {
    super(message);
    this.name = 'TpeError';
  }

  toDetail(): TpeErrorDetail {
    const { code, message, remedy, source, retryAfterSeconds, values } = this;
    return { code, message, remedy, source, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }), ...(values ? { values } : {}) };
  }
}

export function isAbort(error: unknown): boolean {
  return (error as Error)?.name === 'AbortError';
}
