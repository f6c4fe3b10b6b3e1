/**
 * Asks a server how it wants to be signed in to: one request without credentials, and the
 * challenges of its 401 (WWW-Authenticate). No secret is sent. Network failures are the
 * library's TransportErrors, so the caller reports them like any other.
 */
import { parseChallenges } from '../ews/auth.js';
import { createDispatcher, httpRequest } from '../ews/transport/http.js';

export interface ProbeResult {
  status: number;
  challenges: string[];
  /** X-EWS-Policy-Reason of a 403 (a tenant that blocks EWS). */
  policy?: string;
}

export async function probeChallenges(
  url: string,
  options: { extraCa?: string | undefined; timeoutMs?: number } = {},
): Promise<ProbeResult> {
  const dispatcher = createDispatcher({ extraCa: options.extraCa, connections: 1 });
  try {
    const response = await httpRequest({
      method: 'POST',
      url,
      headers: { 'Content-Type': 'text/xml; charset=utf-8', 'User-Agent': 'Beacon/0.1 (EWS)' },
      body: '',
      timeoutMs: options.timeoutMs ?? 30_000,
      maxBytes: 256 * 1024,
      dispatcher,
    });
    const policy = response.headers['x-ews-policy-reason']?.trim();
    return {
      status: response.status,
      challenges:
        response.status === 401 ? parseChallenges(response.headers['www-authenticate']) : [],
      ...(response.status === 403 && policy ? { policy: policy.slice(0, 200) } : {}),
    };
  } finally {
    await dispatcher.close();
  }
}
