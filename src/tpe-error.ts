/** What went wrong, said for people: a stable code, a plain sentence and what to do about it. */
export interface TpeErrorDetail {
  code: string;
  message: string;
  remedy: string;
  /** Which part failed: `msal`, `proxy`, `graph`, `acs`, `calling`, or `config`. */
  source: string;
}

export class TpeError extends Error implements TpeErrorDetail {
  constructor(
    readonly code: string,
    message: string,
    readonly remedy: string,
    readonly source: string,
  ) {
    super(message);
    this.name = 'TpeError';
  }

  toDetail(): TpeErrorDetail {
    return { code: this.code, message: this.message, remedy: this.remedy, source: this.source };
  }
}

export function isAbort(error: unknown): boolean {
  return (error as Error)?.name === 'AbortError';
}
