/** Basic (per-user password) and Bearer (static per-user token) authentication. */
import type { Credentials } from './model.js';

export const AUTH_CHALLENGES = ['Basic realm="beacon-sim"', 'Bearer'] as const;

/** The user the Authorization header proves, or undefined (the caller answers 401). */
export function authenticate(
  header: string | undefined,
  credentials: readonly Credentials[],
): Credentials | undefined {
  if (header === undefined) return undefined;
  const [scheme = '', ...rest] = header.trim().split(/\s+/);
  const value = rest.join(' ');
  if (scheme.toLowerCase() === 'bearer') {
    return credentials.find((c) => c.token === value);
  }
  if (scheme.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const user = decoded.slice(0, colon).toLowerCase();
    const password = decoded.slice(colon + 1);
    return credentials.find((c) => c.email.toLowerCase() === user && c.password === password);
  }
  return undefined;
}

/** Admin requests must come from this machine. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
  return plain === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(plain);
}
