// What the tabs of one phone say when asking another tab goes wrong: the asker gets a TpeError, whichever tab failed.
import { errorDetail, tpeError } from '../messages/error-words.js';
import { errorsTabsEn } from '../messages/errors.tabs.en.js';
import { TpeError, type TpeErrorDetail, type TpeErrorValues } from '../tpe-error.js';

const isString = (value: unknown): value is string => typeof value === 'string';

/** A thrown TpeError keeps its words; anything else (a bug, a DataCloneError) becomes one sentence a person can act on. */
export function detailOf(error: unknown): TpeErrorDetail {
  const e = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  if (!isString(e.code) || !isString(e.message)) {
    return errorDetail(errorsTabsEn, 'tab-answer-failed', 'calling');
  }
  const retry = typeof e.retryAfterSeconds === 'number' ? { retryAfterSeconds: e.retryAfterSeconds } : {};
  const values = typeof e.values === 'object' && e.values !== null ? { values: e.values as TpeErrorValues } : {};
  return { code: e.code, message: e.message, remedy: isString(e.remedy) ? e.remedy : '', source: isString(e.source) ? e.source : 'calling', ...retry, ...values };
}

export const errorFromDetail = (d: TpeErrorDetail): TpeError => new TpeError(d.code, d.message, d.remedy, d.source, d.retryAfterSeconds, d.values);
export const closedError = () => tpeError(errorsTabsEn, 'tab-closed', 'calling');
export const timeoutError = () => tpeError(errorsTabsEn, 'tab-timeout', 'calling');
export const abortError = () => new DOMException('The request was aborted.', 'AbortError');
