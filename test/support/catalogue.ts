/**
 * Walking a message catalogue: every leaf's key path, and its text. A function leaf (a message
 * with values) is called with placeholder values, so its fixed words are compared and scanned
 * like any string's. No Node imports: the renderer's unit tests (DOM types only) use it too.
 */
export interface Leaf {
  path: string;
  text: string;
}

/** What function messages are called with: a number works for both names and counts. */
const PLACEHOLDER = 2;

export function leaves(catalogue: object, prefix = ''): Leaf[] {
  const found: Leaf[] = [];
  for (const [key, value] of Object.entries(catalogue)) {
    const at = prefix === '' ? key : `${prefix}.${key}`;
    if (typeof value === 'string') found.push({ path: at, text: value });
    else if (typeof value === 'function') {
      const fn = value as (...args: unknown[]) => unknown;
      const args: unknown[] = Array.from({ length: fn.length }, () => PLACEHOLDER);
      found.push({ path: at, text: String(fn(...args)) });
    } else if (typeof value === 'object' && value !== null)
      found.push(...leaves(value as object, at));
  }
  return found;
}

/** Product names and technical terms that stay as they are in every language. */
export const UNTRANSLATED_TERMS = [
  'Beacon',
  'Exchange',
  'EWS',
  'URL',
  'Autodiscover',
  'Teams',
  'OK',
  'Microsoft',
  'Graph',
  'Web',
  'Services',
  'IT',
  // A file format's name (the certificate authority's "PEM file").
  'PEM',
  // Sharing presence: a protocol, a product, URL schemes, an HTTP header and example addresses
  // shown as they must be typed.
  'API',
  'MQTT',
  'Home Assistant',
  'https',
  'http',
  'mqtts',
  'mqtt',
  'Authorization: Bearer',
  'intranet.example',
  'broker.example',
];

/** The text without the terms above: what is left must be in the catalogue's language. */
export function withoutTerms(text: string): string {
  let rest = text;
  for (const term of UNTRANSLATED_TERMS) rest = rest.replace(new RegExp(`\\b${term}\\b`, 'g'), ' ');
  return rest;
}

/** English words of three letters or more in a text, after removing the terms above. */
export function englishWords(text: string): string[] {
  return withoutTerms(text).match(/[A-Za-z]{3,}/g) ?? [];
}

/**
 * Whether a key path is read somewhere in the sources: `t.a.b.c` literally (or `messages.`),
 * or one of its parents indexed by a value (`t.availability[presence.availability]`).
 */
export function isReferenced(keyPath: string, sources: readonly string[]): boolean {
  const parts = keyPath.split('.');
  const wanted: RegExp[] = [];
  for (let i = 1; i <= parts.length; i += 1) {
    const prefix = parts.slice(0, i).join('\\.');
    if (i === parts.length) wanted.push(new RegExp(`\\b(t|messages)\\.${prefix}(?![\\w$])`));
    else wanted.push(new RegExp(`\\b(t|messages)\\.${prefix}\\[`));
  }
  return sources.some((text) => wanted.some((re) => re.test(expandAliases(text))));
}

/**
 * `const f = t.signIn.failure;` then `f.wrongPassword`: the alias is read as the path it names,
 * so a section handed to a helper still counts as read where its keys are.
 */
export function expandAliases(text: string): string {
  let expanded = text;
  for (const [, alias, target] of text.matchAll(
    /(?:const|let)\s+(\w+)\s*=\s*((?:t|messages)\.[\w.]+)\s*;/g,
  ))
    if (alias !== undefined && target !== undefined)
      expanded = expanded.replace(new RegExp(`(?<![\\w.$])${alias}(?=[.[])`, 'g'), target);
  return expanded;
}
