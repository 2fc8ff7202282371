/** The SDK's error class, by the same name and with the same fields (CommunicationServicesError). */
export class CallingCommunicationError extends Error {
  constructor(
    message: string,
    readonly code: number,
    readonly subCode: number,
  ) {
    super(message);
    this.name = 'CallingCommunicationError';
  }
}

/** The SDK's own messages for the token problems it finds before contacting the service. */
export const TOKEN_ERRORS = Object.freeze({
  invalid: () => new CallingCommunicationError('Invalid token', 401, 44111),
  noVoip: () => new CallingCommunicationError("AccessToken does not contain 'voip' or 'voip.join' scope", 401, 44113),
  expired: () => new CallingCommunicationError('AccessToken expired', 401, 40235),
  notTeams: () => new CallingCommunicationError('TeamsCallAgent must be created only with Teams token', 403, 40231),
  secondAgent: () =>
    new CallingCommunicationError(
      'CallClient instance can support only one CallAgent or TeamsCallAgent create new CallClient instance to create new CallAgent or TeamsCallAgent',
      400,
      40008,
    ),
  customContext: () => new CallingCommunicationError('Specifying custom context is not supported when OnBehalfOfOptions is specified.', 412, 46400),
  groupCall: () => new CallingCommunicationError('Shared line appearance is not supported for group calls.', 405, 46453),
});
