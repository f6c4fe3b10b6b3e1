/**
 * Settings › Share presence › Local API as a form: what the user typed, checked, and turned into a
 * settings patch that names only what changed. Pure functions, so the rules are tested alone.
 */
import type { PresenceApiSettings, SharingStatus } from '../../../src-main/core/contract.js';

export const API_PORT_MIN = 1024;
export const API_PORT_MAX = 65535;
export const MAX_CORS_ORIGINS = 16;

export interface ApiForm {
  enabled: boolean;
  port: string;
  openRead: boolean;
  /** One origin per line. */
  origins: string;
}

export type ApiFormProblem =
  { field: 'port' } | { field: 'origins'; origin: string } | { field: 'origins'; tooMany: true };

export type ApiPatchResult =
  | { ok: true; patch: Partial<PresenceApiSettings> | undefined }
  | { ok: false; problem: ApiFormProblem };

export function apiFormFrom(settings: PresenceApiSettings): ApiForm {
  return {
    enabled: settings.enabled,
    port: String(settings.port),
    openRead: settings.openRead,
    origins: settings.corsOrigins.join('\n'),
  };
}

/** `https://intranet.example` (scheme, host and optional port; no path), as the core accepts. */
export function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

export function apiPatchFrom(form: ApiForm, current: PresenceApiSettings): ApiPatchResult {
  const portText = form.port.trim();
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < API_PORT_MIN || port > API_PORT_MAX)
    return { ok: false, problem: { field: 'port' } };
  const origins = [
    ...new Set(
      form.origins
        .split(/\r?\n/)
        .map((line) => line.trim().replace(/\/$/, ''))
        .filter((line) => line !== ''),
    ),
  ];
  const bad = origins.find((origin) => !isOrigin(origin));
  if (bad !== undefined) return { ok: false, problem: { field: 'origins', origin: bad } };
  if (origins.length > MAX_CORS_ORIGINS)
    return { ok: false, problem: { field: 'origins', tooMany: true } };
  const patch: Partial<PresenceApiSettings> = {};
  if (form.enabled !== current.enabled) patch.enabled = form.enabled;
  if (port !== current.port) patch.port = port;
  if (form.openRead !== current.openRead) patch.openRead = form.openRead;
  if (origins.join('\n') !== current.corsOrigins.join('\n')) patch.corsOrigins = origins;
  return { ok: true, patch: Object.keys(patch).length === 0 ? undefined : patch };
}

/** Which sentence says how the API runs now. */
export type ApiStateLine =
  | { kind: 'off' }
  | { kind: 'listening'; url: string }
  | { kind: 'port-in-use'; port: number }
  | { kind: 'failed' };

export function apiStateLine(status: SharingStatus['api'], port: number): ApiStateLine {
  switch (status.state) {
    case 'off':
      return { kind: 'off' };
    case 'listening':
      return { kind: 'listening', url: status.url ?? `http://127.0.0.1:${port}` };
    case 'failed':
      return status.problem === 'port-in-use' ? { kind: 'port-in-use', port } : { kind: 'failed' };
  }
}
