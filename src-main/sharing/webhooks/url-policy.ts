/**
 * Where a webhook may go (pure): https anywhere, http only to this machine (a light's local
 * bridge), and never with a user name or password in the URL.
 */
import type { SharingProblem } from '../../core/contract.js';

export type UrlCheck = { ok: true; url: URL } | { ok: false; problem: SharingProblem };

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]' || host === '::1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export function checkHookUrl(value: string): UrlCheck {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, problem: 'invalid-url' };
  }
  if (url.username !== '' || url.password !== '') return { ok: false, problem: 'invalid-url' };
  if (url.protocol === 'https:') return { ok: true, url };
  if (url.protocol === 'http:')
    return isLoopbackHost(url.hostname)
      ? { ok: true, url }
      : { ok: false, problem: 'insecure-url' };
  return { ok: false, problem: 'invalid-url' };
}
