/** What went wrong upstream, in terms the proxy can answer its own caller with. */
export class UpstreamError extends Error {
  constructor(
    /** The status the proxy answers with. */
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'UpstreamError';
  }
}
