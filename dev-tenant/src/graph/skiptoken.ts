import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { HttpError } from '../errors.js';

/** What a page continues: which collection, under which filter or search. */
export interface PagedQuery {
  collection: string;
  /** Normal form of the $filter / $search; empty when there is none. */
  criteria: string;
}

interface SkipTokenPayload extends PagedQuery {
  offset: number;
}

const MAX_TOKEN_LENGTH = 2048;

function invalid(detail: string): HttpError {
  return new HttpError(400, 'BadRequest', `The $skiptoken is not valid: ${detail} Follow @odata.nextLink exactly as it was returned.`);
}

/**
 * Opaque `$skiptoken`s, signed with a key this dev tenant instance makes at start, so that a token that
 * was altered, comes from another instance, or is replayed against another query is refused instead of
 * silently returning the wrong page.
 */
export class SkipTokens {
  readonly #key = randomBytes(32);

  issue(query: PagedQuery, offset: number): string {
    const body = Buffer.from(JSON.stringify({ collection: query.collection, criteria: query.criteria, offset })).toString('base64url');
    return `${body}.${this.#mac(body)}`;
  }

  /** Returns the offset the token continues from, or throws Graph's 400 when it does not fit `query`. */
  read(token: string, query: PagedQuery): number {
    const parts = token.length <= MAX_TOKEN_LENGTH ? token.split('.') : [];
    if (parts.length !== 2 || !this.#verify(parts[0]!, parts[1]!)) throw invalid('it was not issued by this dev tenant or it was changed.');
    const payload = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as SkipTokenPayload;
    if (payload.collection !== query.collection) throw invalid(`it pages ${payload.collection}, not ${query.collection}.`);
    if (payload.criteria !== query.criteria) {
      const was = payload.criteria ? `for ${payload.criteria}` : 'without a $filter or $search';
      const now = query.criteria ? `has ${query.criteria}` : 'has none';
      throw invalid(`it was issued ${was}, but this request ${now}.`);
    }
    return payload.offset;
  }

  #mac(body: string): string {
    return createHmac('sha256', this.#key).update(body).digest('base64url');
  }

  #verify(body: string, mac: string): boolean {
    const expected = Buffer.from(this.#mac(body));
    const given = Buffer.from(mac);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
