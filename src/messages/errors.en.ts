/**
 * Every failure a person can be shown, keyed by its code (the contract: a code never changes meaning), each
 * with what happened (`message`) and what to do (`remedy`), in English. A sentence that takes a value is a
 * function of the failure's `values`. The words live in one file per wing (errors.*.en.ts) so that each
 * element's first load carries only the sentences its own code can say; this table joins them, for a
 * translation to be checked against (`ErrorStrings`) and for a page that wants to read or reword them.
 */
import { errorsAdminEn } from './errors.admin.en.js';
import { errorsCallAgentEn } from './errors.call-agent.en.js';
import { errorsCallingEn } from './errors.calling.en.js';
import { errorsCommonEn } from './errors.common.en.js';
import { errorsMicrophoneEn } from './errors.microphone.en.js';
import { errorsSignInEn } from './errors.sign-in.en.js';
import { errorsTabsEn } from './errors.tabs.en.js';

export const errorsEn = Object.freeze({ ...errorsSignInEn, ...errorsCommonEn, ...errorsCallAgentEn, ...errorsCallingEn, ...errorsMicrophoneEn, ...errorsTabsEn, ...errorsAdminEn });

/** A sentence in another language: any string, or a function of the same values as the English one. */
export type TranslatedSentence<S> = S extends (...args: infer A) => string ? (...args: A) => string : string;
/** One table of failure sentences, for any language: every code, each sentence taking the same values. */
export type ErrorStrings = {
  [C in keyof typeof errorsEn]: { message: TranslatedSentence<(typeof errorsEn)[C]['message']>; remedy: TranslatedSentence<(typeof errorsEn)[C]['remedy']> };
};
export type ErrorCode = keyof typeof errorsEn;
export type { CallAction } from './errors.call-agent.en.js';
