/**
 * The directory query forms Beacon sends to GET /users, parsed: `$filter` as startswith() on
 * displayName, givenName, surname, mail or userPrincipalName, or `eq` on mail or
 * userPrincipalName, joined by `or`; `$search` as "property:term" clauses joined by OR (terms
 * match the start of a word). Anything else is refused, never ignored. Pure.
 */
export const FILTERABLE = [
  'displayName',
  'givenName',
  'surname',
  'mail',
  'userPrincipalName',
] as const;
export type Filterable = (typeof FILTERABLE)[number];

export interface Clause {
  property: Filterable;
  op: 'startswith' | 'eq';
  value: string;
}

function property(name: string): Filterable | undefined {
  return FILTERABLE.find((p) => p.toLowerCase() === name.trim().toLowerCase());
}

const STRING = `'((?:[^']|'')*)'`;
const STARTSWITH = new RegExp(`^startswith\\(\\s*(\\w+)\\s*,\\s*${STRING}\\s*\\)$`, 'i');
const EQ = new RegExp(`^(\\w+)\\s+eq\\s+${STRING}$`, 'i');

/** The clauses of a $filter (any one must hold), or an error message. */
export function parseFilter(filter: string): Clause[] | { error: string } {
  const clauses: Clause[] = [];
  for (const part of filter.split(/\s+or\s+/i)) {
    const text = part.trim();
    const starts = STARTSWITH.exec(text);
    const eq = EQ.exec(text);
    const match = starts ?? eq;
    const name = match?.[1];
    const value = match?.[2];
    const prop = name === undefined ? undefined : property(name);
    if (!match || value === undefined || prop === undefined) {
      return { error: `The $filter '${text}' is not supported by this directory.` };
    }
    if (eq && prop !== 'mail' && prop !== 'userPrincipalName') {
      return { error: `The $filter '${text}' is not supported by this directory.` };
    }
    clauses.push({
      property: prop,
      op: starts ? 'startswith' : 'eq',
      value: value.replace(/''/g, "'"),
    });
  }
  return clauses;
}

/** The clauses of a $search ("displayName:wa" OR "mail:ad"), or an error message. */
export function parseSearch(search: string): Clause[] | { error: string } {
  const clauses: Clause[] = [];
  const parts = search.split(/\s+OR\s+/);
  for (const part of parts) {
    const match = /^"([^":]+):([^"]*)"$/.exec(part.trim());
    const prop = match?.[1] === undefined ? undefined : property(match[1]);
    if (!match || prop === undefined || (match[2] ?? '').trim() === '') {
      return {
        error: `The $search '${part.trim()}' is not supported: use "property:term" on ${FILTERABLE.join(', ')}.`,
      };
    }
    clauses.push({ property: prop, op: 'startswith', value: (match[2] ?? '').trim() });
  }
  return clauses;
}

/** Whether a value satisfies a $filter clause (startswith is on the whole value). */
export function filterMatches(value: string, clause: Clause): boolean {
  const a = value.toLowerCase();
  const b = clause.value.toLowerCase();
  return clause.op === 'eq' ? a === b : a.startsWith(b);
}

/** Whether a value satisfies a $search term: some word of it starts with the term. */
export function searchMatches(value: string, clause: Clause): boolean {
  const term = clause.value.toLowerCase();
  return (
    value
      .toLowerCase()
      .split(/[\s@._\-,]+/)
      .some((word) => word.startsWith(term)) || value.toLowerCase().startsWith(term)
  );
}
