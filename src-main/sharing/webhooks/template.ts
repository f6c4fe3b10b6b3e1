/**
 * A webhook's request from its templates (pure). `{{availability}}`, `{{activity}}`, `{{until}}`,
 * `{{colour}}`, `{{note}}` and `{{secret}}` are filled in, escaped for where they stand: encoded
 * in the URL, without line breaks in a header, JSON-escaped inside a JSON body. Any other
 * `{{name}}` stays as written: a template can reach nothing but these values (never the
 * Exchange password or a token).
 */
import type { Webhook } from '../../core/contract.js';
import type { PresenceValues } from '../presence-values.js';

export const TEMPLATE_NAMES = [
  'availability',
  'activity',
  'until',
  'colour',
  'note',
  'secret',
] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

export interface HookRequest {
  method: Webhook['method'];
  url: string;
  headers: Record<string, string>;
  body?: string;
}

const PLACEHOLDER = /\{\{\s*([a-z]+)\s*\}\}/g;

function isTemplateName(name: string): name is TemplateName {
  return (TEMPLATE_NAMES as readonly string[]).includes(name);
}

/** Fills the known placeholders of `template`, each value passed through `escape`. */
export function fill(
  template: string,
  values: Readonly<Record<TemplateName, string>>,
  escape: (value: string) => string,
): string {
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    isTemplateName(name) ? escape(values[name]) : whole,
  );
}

/** A header value may not carry a line break (a second header) or other control characters. */
export function headerSafe(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f]+/g, ' ');
}

/** Inside a JSON string: what JSON.stringify writes between the quotes. */
export function jsonEscaped(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

function contentTypeOf(headers: Readonly<Record<string, string>>): string | undefined {
  const entry = Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-type');
  return entry?.[1];
}

/**
 * A JSON body: the hook says so in its Content-Type, or says nothing and the body looks like
 * JSON (starts with `{` or `[`).
 */
export function isJsonBody(hook: Pick<Webhook, 'headers' | 'body'>): boolean {
  const type = contentTypeOf(hook.headers);
  if (type !== undefined) return /\bjson\b/i.test(type);
  const start = hook.body?.trimStart()[0];
  return start === '{' || start === '[';
}

export function templateValues(
  values: PresenceValues,
  secret: string | undefined,
): Record<TemplateName, string> {
  return {
    availability: values.availability,
    activity: values.activity,
    until: values.until ?? '',
    colour: values.colour,
    note: values.note,
    secret: secret ?? '',
  };
}

/** The request one hook makes for one presence. */
export function renderHook(
  hook: Webhook,
  values: PresenceValues,
  secret: string | undefined,
): HookRequest {
  const filled = templateValues(values, secret);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(hook.headers))
    headers[name] = fill(value, filled, headerSafe);
  const request: HookRequest = {
    method: hook.method,
    url: fill(hook.url, filled, encodeURIComponent),
    headers,
  };
  if (hook.body !== undefined && hook.method !== 'GET') {
    const json = isJsonBody(hook);
    request.body = fill(hook.body, filled, json ? jsonEscaped : (value) => value);
    if (contentTypeOf(hook.headers) === undefined)
      headers['content-type'] = json ? 'application/json' : 'text/plain; charset=utf-8';
  }
  return request;
}

/** Whether the hook's templates use `{{secret}}` anywhere. */
export function usesSecret(hook: Webhook): boolean {
  const uses = (text: string | undefined): boolean =>
    text !== undefined && /\{\{\s*secret\s*\}\}/.test(text);
  return uses(hook.url) || uses(hook.body) || Object.values(hook.headers).some(uses);
}
