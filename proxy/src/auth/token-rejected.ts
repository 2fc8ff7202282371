/** Why a bearer token was refused; each reason is a stable code in the 401 body. */
export type RejectionReason =
  | 'missing_token'
  | 'malformed_token'
  | 'unsupported_algorithm'
  | 'unknown_key'
  | 'invalid_signature'
  | 'wrong_issuer'
  | 'tenant_not_allowed'
  | 'wrong_audience'
  | 'token_expired'
  | 'token_not_yet_valid'
  | 'missing_scope'
  | 'client_not_allowed';

export class TokenRejected extends Error {
  constructor(
    readonly reason: RejectionReason,
    message: string,
  ) {
    super(message);
    this.name = 'TokenRejected';
  }
}
