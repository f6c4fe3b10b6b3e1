/**
 * Which broker URLs Beacon connects to (pure): `mqtts://` anywhere, `mqtt://` (no encryption)
 * only to this computer, and no user name or password inside the URL (the user name has its
 * own setting, the password lives in the keychain).
 */
import type { SharingProblem } from '../../core/contract.js';
import { isLoopbackHost } from '../webhooks/url-policy.js';

export type BrokerUrlCheck = { ok: true; url: URL } | { ok: false; problem: SharingProblem };

export function checkBrokerUrl(value: string | undefined): BrokerUrlCheck {
  if (value === undefined || value.trim() === '') return { ok: false, problem: 'invalid-url' };
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return { ok: false, problem: 'invalid-url' };
  }
  if (url.username !== '' || url.password !== '' || url.hostname === '')
    return { ok: false, problem: 'invalid-url' };
  if (url.protocol === 'mqtts:') return { ok: true, url };
  if (url.protocol === 'mqtt:')
    return isLoopbackHost(url.hostname)
      ? { ok: true, url }
      : { ok: false, problem: 'insecure-url' };
  return { ok: false, problem: 'invalid-url' };
}

/** The keychain name of the broker password. */
export function mqttSecretName(url: string): string {
  return `mqtt:${url.trim()}`;
}
