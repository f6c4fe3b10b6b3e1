/**
 * A failed MQTT connection as a sharing problem (pure), and whether trying again can help.
 * A refused user name or password, an untrusted certificate or a refused URL are not retried:
 * they wait for the user (no lockout storm against the broker).
 */
import type { SharingProblem } from '../../core/contract.js';
import { networkProblemOf } from '../webhooks/problem.js';

/** CONNACK codes: MQTT 3.1.1 (4, 5) and MQTT 5 (134, 135) for bad credentials / not authorised. */
const AUTH_CODES = new Set([4, 5, 134, 135]);

export function mqttProblemOf(error: unknown): SharingProblem {
  if (typeof error === 'object' && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'number' && AUTH_CODES.has(code)) return 'auth-refused';
    // mqtt.js: the broker took the connection but never answered CONNECT.
    const message = (error as { message?: unknown }).message;
    if (typeof message === 'string' && /connack timeout/i.test(message)) return 'timeout';
  }
  return networkProblemOf(error);
}

export function isRetryable(problem: SharingProblem): boolean {
  return (
    problem !== 'auth-refused' &&
    problem !== 'certificate' &&
    problem !== 'insecure-url' &&
    problem !== 'invalid-url'
  );
}
