/**
 * Delegated permission scopes and which granted scope covers which needed one, as Entra ID
 * judges them: `Mail.ReadWrite` covers `Mail.Read` and `Mail.ReadBasic`; `User.Read.All` covers
 * `User.ReadBasic.All`; an `.All` (or `.Shared`) scope covers the plain one but not the reverse;
 * `Presence.ReadWrite` does not cover `Presence.Read.All`. Pure.
 */
const LEVELS = ['readbasic', 'read', 'readwrite'] as const;
const BREADTHS = ['', 'shared', 'all'] as const;

interface Parsed {
  resource: string;
  level: number;
  breadth: number;
}

function parse(scope: string): Parsed | undefined {
  const parts = scope.toLowerCase().split('.');
  const [resource, level, breadth = ''] = parts;
  if (resource === undefined || level === undefined || parts.length > 3) return undefined;
  const l = LEVELS.indexOf(level as (typeof LEVELS)[number]);
  const b = BREADTHS.indexOf(breadth as (typeof BREADTHS)[number]);
  if (l < 0 || b < 0) return undefined;
  return { resource, level: l, breadth: b };
}

export function scopeCovers(granted: string, needed: string): boolean {
  if (granted.toLowerCase() === needed.toLowerCase()) return true;
  const g = parse(granted);
  const n = parse(needed);
  if (!g || !n) return false;
  return g.resource === n.resource && g.level >= n.level && g.breadth >= n.breadth;
}

/** Whether the granted scopes cover any one of `needed` (a route's alternatives). */
export function scopesAllow(granted: readonly string[], needed: readonly string[]): boolean {
  if (needed.length === 0) return true;
  return needed.some((n) => granted.some((g) => scopeCovers(g, n)));
}

/**
 * What the simulator's static per-user tokens stand for on the Graph face: every delegated scope
 * Beacon asks for, plus the two its list lacks (Presence.Read.All, Contacts.Read). Real scope
 * checks need tokens from an OpenID Connect authority (`startSimulator({ oauth })`).
 */
export const STATIC_TOKEN_SCOPES: readonly string[] = [
  'User.Read',
  'User.ReadBasic.All',
  'MailboxSettings.ReadWrite',
  'Calendars.ReadWrite',
  'Mail.ReadWrite',
  'People.Read',
  'Contacts.Read',
  'Presence.ReadWrite',
  'Presence.Read.All',
];
