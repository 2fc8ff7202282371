/** What went wrong, said for people: a stable code, a plain sentence and what to do about it. */
export interface TpeErrorDetail {
  code: string;
  message: string;
  remedy: string;
  /** Which part failed: `msal`, `proxy`, `graph`, `acs`, `calling`, or `config`. */
  source: string;
  /** When a busy service said how long to wait (its Retry-After), in seconds. */
  retryAfterSeconds?: number;
}

export class TpeError extends Error implements TpeErrorDetail {
  constructor(
    readonly code: string,
    message: string,
    readonly remedy: string,
    readonly source: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'TpeError';
  }

  toDetail(): TpeErrorDetail {
    const { code, message, remedy, source, retryAfterSeconds } = this;
    return { code, message, remedy, source, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) };
  }
}

export function isAbort(error: unknown): boolean {
  return (error as Error)?.name === 'AbortError';
}
