/** Microsoft Graph refused a request: its HTTP status and error code, and its message. */
export class GraphRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Graph's Retry-After when it throttles (429) or is unavailable (503), in seconds. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'GraphRequestError';
  }
}
