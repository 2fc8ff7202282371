// What the tabs of one phone say when asking another tab goes wrong: the asker gets a TpeError, whichever tab failed.
import { TpeError, type TpeErrorDetail } from '../tpe-error.js';

const isString = (value: unknown): value is string => typeof value === 'string';

/** A thrown TpeError keeps its words; anything else (a bug, a DataCloneError) becomes one sentence a person can act on. */
export function detailOf(error: unknown): TpeErrorDetail {
  const e = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  if (!isString(e.code) || !isString(e.message)) {
    return { code: 'tab-answer-failed', message: 'Another tab of this phone could not do it.', remedy: 'Try again; if it keeps failing, reload that tab.', source: 'calling' };
  }
  const retry = typeof e.retryAfterSeconds === 'number' ? { retryAfterSeconds: e.retryAfterSeconds } : {};
  return { code: e.code, message: e.message, remedy: isString(e.remedy) ? e.remedy : '', source: isString(e.source) ? e.source : 'calling', ...retry };
}

export const errorFromDetail = (d: TpeErrorDetail): TpeError => new TpeError(d.code, d.message, d.remedy, d.source, d.retryAfterSeconds);
export const closedError = () => new TpeError('tab-closed', 'This tab no longer talks to the phone’s other tabs.', 'Reload the page.', 'calling');
export const timeoutError = () => new TpeError('tab-timeout', 'Another tab of this phone did not answer in time.', 'Try again; if it keeps failing, reload the phone’s tabs.', 'calling');
export const abortError = () => new DOMException('The request was aborted.', 'AbortError');
