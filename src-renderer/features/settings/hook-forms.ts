/**
 * Settings › Share presence › Webhooks and MQTT as forms: what the user typed, checked, and turned
 * into a settings patch. Pure functions, so the rules are tested alone. The core checks again
 * (and refuses with a reason in the Snapshot); these checks only say it sooner, by the field.
 */
import type { MqttSettings, Webhook, WebhookSettings } from '../../../src-main/core/contract.js';

export const MAX_HOOKS = 32;
const HOOK_ON = [
  'any',
  'available',
  'busy',
  'in-a-meeting',
  'do-not-disturb',
  'be-right-back',
  'away',
  'off-work',
  'out-of-office',
  'offline',
] as const satisfies readonly Webhook['on'][];
export const HOOK_TRIGGERS: readonly Webhook['on'][] = HOOK_ON;
export const HOOK_METHODS: readonly Webhook['method'][] = ['POST', 'PUT', 'PATCH', 'GET'];

export interface HookForm {
  id: string;
  on: Webhook['on'];
  url: string;
  method: Webhook['method'];
  /** One `Name: value` per line. */
  headers: string;
  body: string;
}

export interface WebhooksForm {
  enabled: boolean;
  hooks: HookForm[];
}

export type HookProblem =
  | { index: number; field: 'url' }
  | { index: number; field: 'headers'; line: string }
  | { index: -1; field: 'hooks' };

const LOOPBACK_HTTP = /^http:\/\/(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])(:\d+)?(\/|$)/i;

/** https anywhere, http only to this computer (the core's rule, said sooner). */
export function isHookUrl(value: string): boolean {
  const url = value.trim();
  return /^https:\/\/[^/\s]+/i.test(url) || LOOPBACK_HTTP.test(url);
}

export function hookFormFrom(hook: Webhook): HookForm {
  return {
    id: hook.id,
    on: hook.on,
    url: hook.url,
    method: hook.method,
    headers: Object.entries(hook.headers)
      .map(([name, value]) => `${name}: ${value}`)
      .join('\n'),
    body: hook.body ?? '',
  };
}

export function webhooksFormFrom(settings: WebhookSettings): WebhooksForm {
  return { enabled: settings.enabled, hooks: settings.hooks.map(hookFormFrom) };
}

/** An id no other hook has: `light-1`, `light-2`… */
export function newHookId(hooks: readonly { id: string }[]): string {
  const taken = new Set(hooks.map((h) => h.id));
  let n = hooks.length + 1;
  while (taken.has(`light-${n}`)) n += 1;
  return `light-${n}`;
}

export function newHookForm(hooks: readonly { id: string }[]): HookForm {
  return { id: newHookId(hooks), on: 'any', url: '', method: 'POST', headers: '', body: '' };
}

export type HooksPatchResult =
  { ok: true; patch: WebhookSettings } | { ok: false; problem: HookProblem };

export function webhooksPatchFrom(form: WebhooksForm): HooksPatchResult {
  if (form.hooks.length > MAX_HOOKS) return { ok: false, problem: { index: -1, field: 'hooks' } };
  const hooks: Webhook[] = [];
  for (const [index, hook] of form.hooks.entries()) {
    if (!isHookUrl(hook.url)) return { ok: false, problem: { index, field: 'url' } };
    const headers: Record<string, string> = {};
    for (const raw of hook.headers.split(/\r?\n/)) {
      const line = raw.trim();
      if (line === '') continue;
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim();
      if (colon <= 0 || !/^[A-Za-z0-9-]{1,64}$/.test(name))
        return { ok: false, problem: { index, field: 'headers', line } };
      headers[name] = line.slice(colon + 1).trim();
    }
    const next: Webhook = {
      id: hook.id,
      on: hook.on,
      url: hook.url.trim(),
      method: hook.method,
      headers,
    };
    if (hook.body !== '' && hook.method !== 'GET') next.body = hook.body;
    hooks.push(next);
  }
  return { ok: true, patch: { enabled: form.enabled, hooks } };
}

export interface MqttForm {
  enabled: boolean;
  url: string;
  username: string;
  topicPrefix: string;
  homeAssistant: boolean;
  discoveryPrefix: string;
}

export type MqttProblem = 'url' | 'topicPrefix' | 'discoveryPrefix';

export type MqttPatch = {
  enabled: boolean;
  url: string | null;
  username: string | null;
  topicPrefix: string;
  homeAssistant: boolean;
  discoveryPrefix: string;
};

export function mqttFormFrom(settings: MqttSettings): MqttForm {
  return {
    enabled: settings.enabled,
    url: settings.url ?? '',
    username: settings.username ?? '',
    topicPrefix: settings.topicPrefix,
    homeAssistant: settings.homeAssistant,
    discoveryPrefix: settings.discoveryPrefix,
  };
}

const LOOPBACK_MQTT = /^mqtt:\/\/(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])(:\d+)?\/?$/i;
const PREFIX = /^[A-Za-z0-9_\-/]{1,128}$/;

export function isBrokerUrl(value: string): boolean {
  const url = value.trim();
  return /^mqtts:\/\/[^/\s@]+(:\d+)?\/?$/i.test(url) || LOOPBACK_MQTT.test(url);
}

export function mqttPatchFrom(
  form: MqttForm,
): { ok: true; patch: MqttPatch } | { ok: false; problem: MqttProblem } {
  const url = form.url.trim();
  if (url !== '' && !isBrokerUrl(url)) return { ok: false, problem: 'url' };
  if (form.enabled && url === '') return { ok: false, problem: 'url' };
  if (!PREFIX.test(form.topicPrefix.trim())) return { ok: false, problem: 'topicPrefix' };
  if (!PREFIX.test(form.discoveryPrefix.trim())) return { ok: false, problem: 'discoveryPrefix' };
  return {
    ok: true,
    patch: {
      enabled: form.enabled,
      url: url === '' ? null : url,
      username: form.username.trim() === '' ? null : form.username.trim(),
      topicPrefix: form.topicPrefix.trim(),
      homeAssistant: form.homeAssistant,
      discoveryPrefix: form.discoveryPrefix.trim(),
    },
  };
}

/** `ada@contoso.com` → `ada_contoso_com`, as the core names the topic. */
export function topicSlug(mailbox: string): string {
  const slug = mailbox
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 64);
  return slug === '' ? 'beacon' : slug;
}
