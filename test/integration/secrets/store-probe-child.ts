/**
 * Runs one KeytarSecretStore call in a fresh process and prints the outcome as JSON. libsecret
 * keeps one D-Bus connection per process, so a different bus (or none) needs a new process.
 * Input: the BEACON_SECRET_PROBE environment variable (JSON of ProbeRequest).
 */
import { inspect } from 'node:util';
import { KeytarSecretStore } from '../../../src-main/core/secrets/keytar-store.js';
import { SecretStoreUnavailableError } from '../../../src-main/core/secrets/errors.js';
import { passwordKey } from '../../../src-main/core/secrets/secret-store.js';

export interface ProbeRequest {
  readonly operation: 'get' | 'set' | 'delete';
  readonly mailbox: string;
  readonly secret: string;
  readonly timeoutMs: number;
}

export type ProbeResult =
  | { readonly outcome: 'ok'; readonly value: unknown; readonly elapsedMs: number }
  | {
      readonly outcome: 'error';
      readonly name: string;
      readonly reason: string | null;
      readonly message: string;
      /** Every way a log line could render the error. */
      readonly renderings: readonly string[];
      readonly elapsedMs: number;
    };

const request = JSON.parse(process.env.BEACON_SECRET_PROBE ?? '') as ProbeRequest;
const store = new KeytarSecretStore({ timeoutMs: request.timeoutMs });
const key = passwordKey(request.mailbox);
const started = performance.now();
let result: ProbeResult;
try {
  let value: unknown = null;
  if (request.operation === 'get') value = await store.get(key);
  else if (request.operation === 'set') await store.set(key, request.secret);
  else value = await store.delete(key);
  result = { outcome: 'ok', value, elapsedMs: performance.now() - started };
} catch (error) {
  const elapsedMs = performance.now() - started;
  const asError = error instanceof Error ? error : new Error(String(error));
  result = {
    outcome: 'error',
    name: asError.name,
    reason: error instanceof SecretStoreUnavailableError ? error.reason : null,
    message: asError.message,
    renderings: [
      String(error),
      asError.stack ?? '',
      inspect(error, { depth: 10, showHidden: true }),
      JSON.stringify(error),
      inspect(store, { depth: 10, showHidden: true }),
    ],
    elapsedMs,
  };
}
process.stdout.write(`${JSON.stringify(result)}\n`);
// A timed-out native call is still blocked in libsecret; do not wait for it.
process.exit(0);
