// Makes failures from the catalogue and says them in a table's language: the one path from a code to a sentence.
import { TpeError, type TpeErrorDetail, type TpeErrorValues } from '../tpe-error.js';

/** What every failure knows besides its values: which service failed, and how long it asked to be left alone. */
export type FailureFacts = Pick<TpeErrorDetail, 'source' | 'retryAfterSeconds'>;
/** A sentence, or a function of the failure's `values` (and, where the words depend on them, its facts). */
type Sentence<V = never> = string | ((values: V, facts: FailureFacts) => string);
type ErrorTable = { readonly [code: string]: { readonly message: Sentence; readonly remedy: Sentence } };
type ValuesOf<S> = S extends (values: infer V, facts: FailureFacts) => string ? V : unknown;
/** The values a code's sentences take (nothing for a code whose sentences take none). */
export type ErrorValues<T extends ErrorTable, C extends keyof T> = ValuesOf<T[C]['message']> & ValuesOf<T[C]['remedy']>;

type Words = { message: Sentence<TpeErrorValues>; remedy: Sentence<TpeErrorValues> };
const say = (sentence: Sentence<TpeErrorValues>, failure: FailureFacts & { values?: TpeErrorValues }) =>
  typeof sentence === 'function' ? sentence(failure.values ?? {}, failure) : sentence;

/** A failure's message and remedy from `table`; a code the table does not know keeps the failure's own words. */
export function sayError(table: object | undefined, failure: TpeErrorDetail): { message: string; remedy: string } {
  const words = (table as Partial<Record<string, Words>> | undefined)?.[failure.code];
  return words ? { message: say(words.message, failure), remedy: say(words.remedy, failure) } : failure;
}

/**
 * A TpeError in the English of `table` (one of the errors.*.en.ts wings); its `values` travel with it so that
 * a screen can say the same failure in its own language.
 */
export function tpeError<T extends ErrorTable, C extends keyof T & string>(table: T, code: C, source: string, values?: ErrorValues<T, C>, retryAfterSeconds?: number): TpeError {
  const words = table[code] as Words;
  const failure = { source, retryAfterSeconds, values: values as TpeErrorValues | undefined };
  return new TpeError(code, say(words.message, failure), say(words.remedy, failure), source, retryAfterSeconds, failure.values);
}

/** The same, as plain data (the `tpe-error` event's detail). */
export const errorDetail = <T extends ErrorTable, C extends keyof T & string>(table: T, code: C, source: string, values?: ErrorValues<T, C>): TpeErrorDetail =>
  tpeError(table, code, source, values).toDetail();
