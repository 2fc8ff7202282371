/**
 * Milliseconds since the epoch, as `Date.now` gives them. Whatever judges expiry takes one, so that a test
 * can move time forward instead of waiting for a token to lapse.
 */
export type Clock = () => number;
