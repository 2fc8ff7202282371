import { HttpError } from '../errors.js';
import { quoted } from './odata.js';

/** A property `$search` may name; `tokenized` ones match word prefixes, the others a prefix of the whole value. */
export interface SearchableProperty<T> {
  name: string;
  tokenized: boolean;
  value(item: T): string | null;
}

export interface Search<T> {
  matches(item: T): boolean;
  /** A normal form of the query, so a `$skiptoken` can be tied to it. */
  canonical: string;
}

type Expression<T> = { clause: SearchableProperty<T>; term: string } | { operator: 'AND' | 'OR'; operands: Expression<T>[] };

const MAX_SEARCH_LENGTH = 500;

function syntaxError(detail: string): HttpError {
  return new HttpError(400, 'BadRequest', `Syntax error in $search: ${detail} Write clauses as "property:term", joined by AND or OR, grouped with parentheses.`);
}

/**
 * Graph's tokenization for directory `$search` (learn.microsoft.com/graph/search-query-parameter):
 * words split at spaces, symbols, letter/digit changes and lower-to-upper case changes; words joined
 * only by symbols also count as one, so "Teams-Admin" has "teams", "admin" and "teamsadmin".
 */
export function tokens(text: string): string[] {
  const result: string[] = [];
  for (const chunk of text.split(/\s+/)) {
    const parts = chunk.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    for (const part of parts) result.push(...(part.replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2').toLowerCase().match(/\p{L}+|\p{N}+/gu) ?? []));
    if (parts.length > 1) result.push(parts.join('').toLowerCase());
  }
  return result;
}

function evaluate<T>(expression: Expression<T>, item: T): boolean {
  if ('operator' in expression) {
    return expression.operator === 'AND' ? expression.operands.every((e) => evaluate(e, item)) : expression.operands.some((e) => evaluate(e, item));
  }
  const value = expression.clause.value(item);
  if (value === null) return false;
  if (!expression.clause.tokenized) return value.toLowerCase().startsWith(expression.term.toLowerCase());
  const words = tokens(value);
  const wanted = tokens(expression.term);
  // Graph matches the search words in any order, each as the start of a word of the value.
  return wanted.length > 0 && wanted.every((w) => words.some((word) => word.startsWith(w)));
}

function canonical<T>(expression: Expression<T>): string {
  if ('operator' in expression) return `(${expression.operands.map(canonical).join(` ${expression.operator} `)})`;
  return JSON.stringify(`${expression.clause.name}:${expression.term.toLowerCase()}`);
}

/**
 * Parses a directory `$search` such as `"displayName:ava" OR ("mail:ava" AND "surname:x")`: quoted
 * clauses (`\"` and `\\` escaped), AND binding tighter than OR, parentheses, operators in upper case.
 */
export function parseSearch<T>(raw: string, properties: SearchableProperty<T>[], typeName: string): Search<T> {
  if (raw.length > MAX_SEARCH_LENGTH) throw syntaxError(`the query is longer than ${MAX_SEARCH_LENGTH} characters.`);
  const parser = new SearchParser(raw, properties, typeName);
  const expression = parser.parse();
  return { matches: (item) => evaluate(expression, item), canonical: canonical(expression) };
}

class SearchParser<T> {
  #at = 0;

  constructor(
    private readonly text: string,
    private readonly properties: SearchableProperty<T>[],
    private readonly typeName: string,
  ) {}

  parse(): Expression<T> {
    const expression = this.#or();
    this.#skipSpaces();
    if (this.#at < this.text.length) throw syntaxError(`expected AND or OR at ${quoted(this.text.slice(this.#at))}.`);
    return expression;
  }

  #or(): Expression<T> {
    const operands = [this.#and()];
    while (this.#keyword('OR')) operands.push(this.#and());
    return operands.length === 1 ? operands[0]! : { operator: 'OR', operands };
  }

  #and(): Expression<T> {
    const operands = [this.#operand()];
    while (this.#keyword('AND')) operands.push(this.#operand());
    return operands.length === 1 ? operands[0]! : { operator: 'AND', operands };
  }

  #operand(): Expression<T> {
    this.#skipSpaces();
    const next = this.text[this.#at];
    if (next === '(') {
      const opened = this.#at++;
      const inner = this.#or();
      this.#skipSpaces();
      if (this.text[this.#at] !== ')') throw syntaxError(`the parenthesis opened at position ${opened} is not closed.`);
      this.#at++;
      return inner;
    }
    if (next !== '"') {
      throw syntaxError(this.#at < this.text.length ? `expected a quoted clause at ${quoted(this.text.slice(this.#at))}.` : 'expected a quoted clause at the end.');
    }
    return this.#clause(this.#quotedText());
  }

  #quotedText(): string {
    let content = '';
    for (this.#at++; this.#at < this.text.length; this.#at++) {
      const char = this.text[this.#at]!;
      if (char === '"') {
        this.#at++;
        return content;
      }
      if (char === '\\') {
        const escaped = this.text[++this.#at];
        if (escaped !== '"' && escaped !== '\\') throw syntaxError('only \\" and \\\\ may be escaped inside a clause.');
        content += escaped;
      } else {
        content += char;
      }
    }
    throw syntaxError('a clause is missing its closing double quote.');
  }

  #clause(text: string): Expression<T> {
    const colon = text.indexOf(':');
    if (colon < 0) throw syntaxError(`the clause ${quoted(text)} names no property; write "displayName:${text}".`);
    const name = text.slice(0, colon).trim();
    const term = text.slice(colon + 1).trim();
    const clause = this.properties.find((p) => p.name.toLowerCase() === name.toLowerCase());
    if (!clause) {
      const supported = this.properties.map((p) => p.name).join(', ');
      throw new HttpError(400, 'Request_UnsupportedQuery', `$search on ${quoted(name)} is not supported for ${this.typeName}; use ${supported}.`);
    }
    if (!term) throw syntaxError(`the clause ${quoted(text)} has no search term.`);
    return { clause, term };
  }

  #keyword(word: 'AND' | 'OR'): boolean {
    const match = new RegExp(`^\\s+${word}(?=[\\s("])`).exec(this.text.slice(this.#at));
    if (!match) return false;
    this.#at += match[0].length;
    return true;
  }

  #skipSpaces(): void {
    while (this.text[this.#at] === ' ' || this.text[this.#at] === '\t') this.#at++;
  }
}
